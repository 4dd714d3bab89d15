import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

// The page's static files sit beside this controller in assets/; the build copies that folder
// into dist/ next to the compiled controller (tools/build/copy-assets.mjs), so the same relative
// path works from the sources (tests) and from dist (the fleet, the image). Read once at start-up.
const ASSETS = join(__dirname, 'assets');
const asset = (file: string): string => readFileSync(join(ASSETS, file), 'utf8');

/**
 * The dashboard page and its assets. The page itself is public (it holds no data); everything it
 * shows comes from admin routes called with the key the visitor enters.
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardPageController {
  private readonly html = asset('dashboard.html');
  private readonly js = asset('dashboard.js');
  private readonly css = asset('dashboard.css');

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return this.html;
  }

  @Get('dashboard.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  script(): string {
    return this.js;
  }

  @Get('dashboard.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'no-cache')
  styles(): string {
    return this.css;
  }
}
