import 'reflect-metadata';
import { runStandalone } from '@icjims/platform';
import { proceduralStepsService } from './procedural-steps.service';

void runStandalone(proceduralStepsService);
