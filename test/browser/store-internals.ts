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

/** Damages the stored copy of `file` of the tiny model. */
export async function damageStoredFile(page: Page, file: string, damage: Damage): Promise<void> {
  await page.evaluate(
    async ({ file, damage }) => {
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
      const key = `file:qwen3-web/Qwen3-Tiny-ONNX@main:${file}`;
      const record = await run<{ chunkSizes: number[]; complete: boolean }>(records, 'records', 'readonly', (s) => s.get(key));
      if (!record) throw new Error(`no stored record for ${file}`);
      if (damage === 'unfinished') {
        await run(records, 'records', 'readwrite', (s) => s.put({ ...record, complete: false }, key));
        records.close();
        chunks.close();
        return;
      }
      const last = record.chunkSizes.length - 1;
      const middle = Math.floor(last / 2);
      if (damage === 'drop-last-chunk') {
        await run(chunks, 'chunks', 'readwrite', (s) => s.delete(`${key}#${last}`));
      } else {
        const chunkKey = `${key}#${middle}`;
        const bytes = await run<Uint8Array>(chunks, 'chunks', 'readonly', (s) => s.get(chunkKey));
        const changed = damage === 'flip-bytes' ? bytes.map((b, i) => (i % 4096 === 7 ? b ^ 0xff : b)) : bytes.slice(0, bytes.length >> 1);
        await run(chunks, 'chunks', 'readwrite', (s) => s.put(changed, chunkKey));
      }
      records.close();
      chunks.close();
    },
    { file, damage },
  );
}

/** Checks the consistency rule: each record's counted chunks exist with the counted sizes. */
export async function storeIsConsistent(page: Page): Promise<{ consistent: boolean; files: Record<string, number> }> {
  return page.evaluate(async () => {
    const existing = new Set((await indexedDB.databases()).map((db) => db.name));
    if (!existing.has('qwen3-web-records') || !existing.has('qwen3-web-chunks')) return { consistent: true, files: {} };
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
    const records = await all<{ kind: string; file: string; storedBytes: number; chunkSizes: number[] }>(await open('qwen3-web-records'), 'records');
    const chunks = new Map(await all<Uint8Array>(await open('qwen3-web-chunks'), 'chunks'));
    let consistent = true;
    const files: Record<string, number> = {};
    for (const [key, record] of records) {
      if (record.kind !== 'file') continue;
      files[record.file] = record.storedBytes;
      const sum = record.chunkSizes.reduce((a, b) => a + b, 0);
      if (sum !== record.storedBytes) consistent = false;
      record.chunkSizes.forEach((size, i) => {
        if (chunks.get(`${String(key)}#${i}`)?.byteLength !== size) consistent = false;
      });
    }
    return { consistent, files };
  });
}
