import 'reflect-metadata';
import { runStandalone } from '@icjims/platform';
import { auditService } from './audit.service';

void runStandalone(auditService);
