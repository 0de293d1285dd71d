import 'reflect-metadata';
import { runEmbedded } from '@icjims/platform';
// The composition root: the one place that starts every service, in one process.
import { analyticsService } from '../../analytics/src/analytics.service';
import { auditService } from '../../audit/src/audit.service';
import { caseRegistryService } from '../../case-registry/src/case-registry.service';
import { probationService } from '../../probation/src/probation.service';
import { proceduralStepsService } from '../../procedural-steps/src/procedural-steps.service';

void runEmbedded([caseRegistryService, proceduralStepsService, probationService, analyticsService, auditService]);
