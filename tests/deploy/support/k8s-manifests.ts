import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** What the deploy suites read of deploy/k8s/: its YAML files, and the documents of its manifests. */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const K8S_DIR = resolve(__dirname, '..', '..', '..', 'deploy', 'k8s');

/** Every YAML file of deploy/k8s, sorted; the manifests are all but kustomization.yaml. */
export const k8sFiles: string[] = readdirSync(K8S_DIR).filter((file) => /\.ya?ml$/.test(file)).sort();
export const k8sManifestFiles: string[] = k8sFiles.filter((file) => file !== 'kustomization.yaml');

/** Each document of each manifest file, with the file it is in. */
export const k8sDocuments: { file: string; doc: Json }[] = k8sManifestFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8'))
    .map((parsed) => parsed.toJSON() as Json | null)
    .filter((doc): doc is Json => doc !== null)
    .map((doc) => ({ file, doc })),
);
