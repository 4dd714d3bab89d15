import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS } from './dashboard.assets';

/**
 * The dashboard page and its assets. The page itself is public (it holds no data); everything it
 * shows comes from admin routes called with the key the visitor enters.
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardPageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return DASHBOARD_HTML;
  }

  @Get('dashboard.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  script(): string {
    return DASHBOARD_JS;
  }

  @Get('dashboard.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'no-cache')
  styles(): string {
    return DASHBOARD_CSS;
  }
}
