import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

// The page's static files sit beside this controller in assets/; the build copies that folder
// into dist/ next to the compiled controller (tools/build/copy-assets.mjs), so the same relative
// path works from the sources (tests) and from dist (the fleet, the image). Read once at start-up.
const ASSETS = join(__dirname, 'assets');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * The script's ES modules and the styles, by file name: every `.js` and `.css` file of assets/,
 * and nothing else (a name not in this map is a 404, whatever it contains).
 */
export function loadAssets(dir = ASSETS): Map<string, { type: string; body: string }> {
  return new Map(
    readdirSync(dir)
      .filter((file) => Object.hasOwn(TYPES, extname(file)))
      .map((file) => [file, { type: TYPES[extname(file)], body: readFileSync(join(dir, file), 'utf8') }]),
  );
}

/**
 * The dashboard page and its assets. The page itself is public (it holds no data); everything it
 * shows comes from admin routes called with the key the visitor enters.
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardPageController {
  private readonly html = readFileSync(join(ASSETS, 'dashboard.html'), 'utf8');
  private readonly assets = loadAssets();

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return this.html;
  }

  /** `dashboard.js` (the entry module), the modules it imports, `dashboard.css`. */
  @Get(':file')
  @Header('cache-control', 'no-cache')
  asset(@Param('file') file: string, @Res({ passthrough: true }) res: Response): string {
    const asset = this.assets.get(file);
    if (!asset) throw new NotFoundException(`no dashboard file ${file}`);
    res.type(asset.type);
    return asset.body;
  }
}
