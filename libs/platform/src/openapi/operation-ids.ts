/*
 * Readable, stable operationIds, one convention for every service: a controller method named
 * for what it does on what (`recordContact`, `listRegions`) keeps its name; a method named by a
 * verb alone (`register`, `list`) takes its controller's resource (`registerCase`,
 * `listProbationCases`); one named by a noun alone (`history`, `csv`) is that of the resource
 * (`transferHistory`, `indicatorCsv`). Names stay stable as long as the methods keep theirs.
 * A controller named for a group of commands (`ProbationCaseCommands`) serves its resource.
 * Where the rule reads badly, the table below names the operation; an operation's own
 * `@ApiOperation({ operationId })` wins over both.
 */

/** `Controller.method` → operationId, where the rule gives a poor name (`transferTransfer`, `caseloadOwn`). */
const NAMED: Record<string, string> = {
  'TransfersController.transfer': 'transferCase',
  'CaseLinksController.join': 'joinCase',
  'CaseLinksController.split': 'splitCase',
  'PersonRestrictionsController.inForce': 'listRestrictionsInForce',
  'PersonRestrictionsController.restrict': 'restrictPerson',
  'IdentityReviewsController.pending': 'listPendingIdentityReviews',
  'DeadlinesController.mine': 'listMyDeadlines',
  'CaseloadController.own': 'getOwnCaseload',
  'CaseloadController.office': 'getOfficeCaseload',
  'CaseloadController.due': 'listDue',
  'DisclosureDeferralsController.setForPerson': 'setPersonDisclosureDeferral',
  'DisclosureDeferralsController.getForPerson': 'getPersonDisclosureDeferral',
  'DisclosureDeferralsController.setForCase': 'setCaseDisclosureDeferral',
  'DisclosureDeferralsController.getForCase': 'getCaseDisclosureDeferral',
  'DataSubjectReportsController.report': 'getDataSubjectReport',
  'ExportsController.csv': 'exportAccessLogCsv',
  'ExportsController.ndjson': 'exportAccessLogNdjson',
  'TransparencyController.verify': 'verifyAccessLog',
  'TransparencyController.inclusion': 'accessLogInclusionProof',
  'TransparencyController.consistency': 'accessLogConsistencyProof',
  'CaseProofsController.verify': 'verifyCaseJournal',
  'CaseProofsController.export': 'exportCaseJournal',
  'ProbationCasesController.verify': 'verifyProbationCaseJournal',
};

/** Verbs whose object is one resource; `COLLECTION_VERBS` act on several. */
const VERBS = new Set(['get', 'register', 'record', 'assign', 'transfer', 'join', 'split', 'add', 'restrict', 'lift', 'resolve', 'lookup', 'merge', 'unmerge', 'verify', 'allocate', 'submit', 'put', 'set', 'replace', 'create', 'update', 'delete', 'remove']);
const COLLECTION_VERBS = new Set(['list', 'search', 'export']);

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const decapitalise = (word: string) => word.charAt(0).toLowerCase() + word.slice(1);

/** The resource a controller serves, from its class name: `ProbationCasesController` → ProbationCases. */
function resourceOf(controllerKey: string): string {
  return controllerKey.replace(/(Commands)?Controller$/, '');
}

/** English singular of a resource name's last word, as controller names use them (Cases, Entries, Persons). */
export function singular(resource: string): string {
  if (/ies$/.test(resource)) return resource.replace(/ies$/, 'y');
  if (/(ss|us|is)$/.test(resource)) return resource;
  return resource.replace(/s$/, '');
}

/** The operationId of a controller method (`operationIdFactory` of @nestjs/swagger). */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  const named = NAMED[`${controllerKey}.${methodKey}`];
  if (named) return named;
  if (/[A-Z]/.test(methodKey)) return methodKey;
  const resource = resourceOf(controllerKey);
  if (COLLECTION_VERBS.has(methodKey)) return `${methodKey}${resource}`;
  if (VERBS.has(methodKey)) return `${methodKey}${singular(resource)}`;
  return `${decapitalise(singular(resource))}${capitalise(methodKey)}`;
}
