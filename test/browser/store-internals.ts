/**
 * Test-only access to the store's IndexedDB layout, to damage it on purpose
 * the way a crash, a bug or a full disk would. Runs inside the page.
 */
import type { Page } from '@playwright/test';

/**
 * What a damage helper may do: to a chunk, or to the record (`unfinished`:
 * every byte stored, never marked complete — the tab closed, or the disk
 * filled, between the last chunk and the final record).
 */
export type Damage = 'flip-bytes' | 'drop-last-chunk' | 'truncate-chunk' | 'unfinished';

/** Damages the stored copy of `file` of `model` (default: the tiny model). */
export async function damageStoredFile(page: Page, file: string, damage: Damage, model = 'qwen3-web/Qwen3-Tiny-ONNX'): Promise<void> {
  await page.evaluate(
    async ({ file, damage, model }) => {
      const open = (name: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const run = <T>(db: IDBDatabase, store: string, mode: IDBTransactionMode, body: (s: IDBObjectStore) => IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          const request = body(db.transaction(store, mode).objectStore(store));
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const records = await open('qwen3-web-records');
      const chunks = await open('qwen3-web-chunks');
      // Files are stored per commit, their bytes under a content key: find the record by file name.
      const keys = await run<IDBValidKey[]>(records, 'records', 'readonly', (s) => s.getAllKeys());
      const key = keys.map(String).find((k) => k.startsWith(`file:${model}@`) && k.endsWith(`:${file}`));
      if (!key) throw new Error(`no stored record for ${file}`);
      const record = await run<{ chunkSizes: number[]; complete: boolean; blob?: string }>(records, 'records', 'readonly', (s) => s.get(key));
      const blob = record.blob ?? key;
      if (damage === 'unfinished') {
        await run(records, 'records', 'readwrite', (s) => s.put({ ...record, complete: false }, key));
        records.close();
        chunks.close();
        return;
      }
      const last = record.chunkSizes.length - 1;
      const middle = Math.floor(last / 2);
      if (damage === 'drop-last-chunk') {
        await run(chunks, 'chunks', 'readwrite', (s) => s.delete(`${blob}#${last}`));
      } else {
        const chunkKey = `${blob}#${middle}`;
        const bytes = await run<Uint8Array>(chunks, 'chunks', 'readonly', (s) => s.get(chunkKey));
        const changed = damage === 'flip-bytes' ? bytes.map((b, i) => (i % 4096 === 7 ? b ^ 0xff : b)) : bytes.slice(0, bytes.length >> 1);
        await run(chunks, 'chunks', 'readwrite', (s) => s.put(changed, chunkKey));
      }
      records.close();
      chunks.close();
    },
    { file, damage, model },
  );
}

/** What the store holds, as read straight from IndexedDB. */
export interface StoreState {
  /** Each record's counted chunks exist with the counted sizes. */
  consistent: boolean;
  /** Stored bytes per file name (the last record read, when several commits hold one). */
  files: Record<string, number>;
  /** Every file record: commit, file, bytes stored, complete. */
  records: Array<{ revision: string; file: string; storedBytes: number; complete: boolean }>;
  /** Bytes of every stored chunk together: what the store takes on disk. */
  chunkBytes: number;
}

type StoreStateRecord = StoreState['records'][number];

/** Reads the store and checks the consistency rule. */
export async function storeIsConsistent(page: Page): Promise<StoreState> {
  return page.evaluate(async () => {
    const existing = new Set((await indexedDB.databases()).map((db) => db.name));
    if (!existing.has('qwen3-web-records') || !existing.has('qwen3-web-chunks')) return { consistent: true, files: {}, records: [], chunkBytes: 0 };
    const open = (name: string) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const all = <T>(db: IDBDatabase, store: string) =>
      new Promise<Array<[IDBValidKey, T]>>((resolve, reject) => {
        const tx = db.transaction(store, 'readonly').objectStore(store);
        const keys = tx.getAllKeys();
        const values = tx.getAll();
        values.onsuccess = () => resolve(keys.result.map((k, i) => [k, values.result[i] as T]));
        values.onerror = () => reject(values.error);
      });
    type Stored = { kind: string; revision: string; file: string; storedBytes: number; chunkSizes: number[]; blob?: string; complete: boolean };
    const records = await all<Stored>(await open('qwen3-web-records'), 'records');
    const chunks = new Map(await all<Uint8Array>(await open('qwen3-web-chunks'), 'chunks'));
    let consistent = true;
    const files: Record<string, number> = {};
    const fileRecords: StoreStateRecord[] = [];
    for (const [key, record] of records) {
      if (record.kind !== 'file') continue;
      files[record.file] = record.storedBytes;
      fileRecords.push({ revision: record.revision, file: record.file, storedBytes: record.storedBytes, complete: record.complete });
      const sum = record.chunkSizes.reduce((a, b) => a + b, 0);
      if (sum !== record.storedBytes) consistent = false;
      record.chunkSizes.forEach((size, i) => {
        if (chunks.get(`${record.blob ?? String(key)}#${i}`)?.byteLength !== size) consistent = false;
      });
    }
    const chunkBytes = [...chunks.values()].reduce((sum, bytes) => sum + bytes.byteLength, 0);
    return { consistent, files, records: fileRecords, chunkBytes };
  });
}
