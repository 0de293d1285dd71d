/** The part of jsonstat-toolkit (the format's reference reader, a test dependency) the tests use; it ships no types. */
declare module 'jsonstat-toolkit' {
  interface JsonStatCategory {
    label: string;
    index: number;
    id: string[];
  }
  interface JsonStatDimension {
    label: string;
    role: 'time' | 'geo' | 'metric' | 'classification';
    id: string[];
    Category(id: string): JsonStatCategory | null;
  }
  interface JsonStatDataset {
    class: string | null;
    label: string | null;
    updated: string | null;
    note: string[] | null;
    extension: Record<string, unknown> | null;
    id: string[];
    size: number[];
    /** How many cells the cube has. */
    n: number;
    value: (number | null)[];
    status: (string | null)[] | null;
    Dimension(id: string): JsonStatDimension | null;
    Data(position: number | Record<string, string>): { value: number | null; status: string | null } | null;
  }
  function JSONstat(input: object): JsonStatDataset;
  export = JSONstat;
}
