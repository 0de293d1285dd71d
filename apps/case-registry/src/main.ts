import 'reflect-metadata';
import { runStandalone } from '@icjims/platform';
import { caseRegistryService } from './case-registry.service';

void runStandalone(caseRegistryService);
