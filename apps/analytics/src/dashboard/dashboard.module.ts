import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { loadDashboardFiles } from './dashboard-files';

/**
 * The page's own Content-Security-Policy, in place of the service-wide one (helmet's defaults,
 * kept for the API and /docs): scripts, styles and data calls from this origin only — no
 * inline script or style, no eval — and nothing else at all.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The analyst dashboard at /dashboard: static files, served without authentication (they hold
 * no data); the page calls /api/v1 with the analyst's bearer token. Registered on the HTTP
 * server itself, outside /api/v1 and the access trail, like /docs.
 */
@Module({})
export class DashboardModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const server = this.adapterHost.httpAdapter;
    if (!server) return; // an application context without HTTP (a command-line tool)
    for (const file of loadDashboardFiles()) {
      server.get(file.path, (_request: Request, response: Response) => {
        response.setHeader('Content-Type', file.contentType);
        response.setHeader('Content-Security-Policy', DASHBOARD_CSP);
        // Revalidated on every load (ETag): a new release is seen at once.
        response.setHeader('Cache-Control', 'no-cache');
        response.send(file.body);
      });
    }
  }
}
