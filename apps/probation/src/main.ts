import 'reflect-metadata';
import { runStandalone } from '@icjims/platform';
import { probationService } from './probation.service';

void runStandalone(probationService);
