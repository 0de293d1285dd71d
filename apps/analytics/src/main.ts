import 'reflect-metadata';
import { runStandalone } from '@icjims/platform';
import { analyticsService } from './analytics.service';

void runStandalone(analyticsService);
