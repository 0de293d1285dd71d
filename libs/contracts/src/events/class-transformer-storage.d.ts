// class-transformer ships the storage of its @Type metadata (which class a nested property holds) untyped under cjs/.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
