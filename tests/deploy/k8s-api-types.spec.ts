/**
 * deploy/k8s against the Kubernetes API's own types (the `kubernetes-types` package, generated from
 * the API's OpenAPI document): each manifest is compiled by TypeScript as an object literal of its
 * kind, so a misspelt or misplaced field (`resource:` for `resources:`, a probe under the pod
 * instead of the container) or a value of the wrong type (`replicas: "2"`) is an error, as
 * `kubectl apply --validate=strict` would make it. The other deploy suite checks what the
 * manifests say; this one, that Kubernetes can read them.
 */
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { k8sDocuments } from './support/k8s-manifests';

const ROOT = resolve(__dirname, '..', '..');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** apiVersion/kind → the module and type that describe it. */
const TYPES: Record<string, [string, string]> = {
  'v1/Namespace': ['kubernetes-types/core/v1', 'Namespace'],
  'v1/ConfigMap': ['kubernetes-types/core/v1', 'ConfigMap'],
  'v1/Secret': ['kubernetes-types/core/v1', 'Secret'],
  'v1/Service': ['kubernetes-types/core/v1', 'Service'],
  'v1/PersistentVolumeClaim': ['kubernetes-types/core/v1', 'PersistentVolumeClaim'],
  'apps/v1/Deployment': ['kubernetes-types/apps/v1', 'Deployment'],
};

interface Manifest {
  where: string;
  doc: Json;
}

/** TypeScript's complaints about the manifests, each as "where: message"; a kind without a type is one too. */
function typeErrors(documents: Manifest[]): string[] {
  const unknownKinds = documents.filter(({ doc }) => !TYPES[`${doc.apiVersion}/${doc.kind}`]).map(({ where, doc }) => `${where}: no type for ${doc.apiVersion}/${doc.kind}`);
  const known = documents.filter(({ doc }) => TYPES[`${doc.apiVersion}/${doc.kind}`]);
  const source = known
    .map(({ doc }, index) => {
      const [module, type] = TYPES[`${doc.apiVersion}/${doc.kind}`];
      return `import type { ${type} as T${index} } from '${module}';\nexport const m${index}: T${index} = ${JSON.stringify(doc)};\n`;
    })
    .join('');
  const file = join(ROOT, 'deploy', 'k8s', '__manifests__.ts');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, types: [], skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => (resolve(name) === file ? ts.createSourceFile(name, source, language) : read(name, language));
  const program = ts.createProgram([file], options, host);
  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  return [
    ...unknownKinds,
    ...diagnostics.map((diagnostic) => {
      const statement = diagnostic.start === undefined ? -1 : source.slice(0, diagnostic.start).split('\n').length - 1;
      return `${known[Math.floor(statement / 2)]?.where ?? 'manifests'}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    }),
  ];
}

describe('deploy/k8s against the Kubernetes API types', () => {
  const documents: Manifest[] = k8sDocuments.map(({ file, doc }) => ({ where: `${file}: ${doc.kind} ${doc.metadata?.name}`, doc }));

  it('reads a manifest of every kind deploy/k8s holds', () => {
    expect(new Set(documents.map(({ doc }) => doc.kind))).toEqual(new Set(['Namespace', 'ConfigMap', 'Secret', 'Service', 'PersistentVolumeClaim', 'Deployment']));
  });

  it('types every manifest as its kind, with no unknown field and no value of the wrong type', () => {
    expect(typeErrors(documents)).toEqual([]);
  });

  it('refuses a misspelt field, a misplaced one and a value of the wrong type, naming the manifest', () => {
    const deployment = documents.find(({ doc }) => doc.kind === 'Deployment') as Manifest;
    const broken = (change: (doc: Json) => void): Manifest => {
      const doc = structuredClone(deployment.doc);
      change(doc);
      return { where: deployment.where, doc };
    };
    const errors = typeErrors([
      broken((doc) => (doc.spec.template.spec.containers[0].resource = doc.spec.template.spec.containers[0].resources)),
      broken((doc) => (doc.spec.template.spec.livenessProbe = doc.spec.template.spec.containers[0].livenessProbe)),
      broken((doc) => (doc.spec.replicas = '2')),
    ]);
    expect(errors).toEqual([
      `${deployment.where}: Object literal may only specify known properties, and '"resource"' does not exist in type 'Container'.`,
      `${deployment.where}: Object literal may only specify known properties, and '"livenessProbe"' does not exist in type 'PodSpec'.`,
      `${deployment.where}: Type 'string' is not assignable to type 'number'.`,
    ]);
  });
});
