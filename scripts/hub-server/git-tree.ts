import { createHash } from 'node:crypto';

interface Folder {
  files: Map<string, string>;
  folders: Map<string, Folder>;
}

/**
 * The git tree id of every folder of a commit (`''` is the root), from its files' blob ids: the
 * `oid` the hub's tree API gives a `directory` entry. Entries are `<mode> <name>\0<20-byte id>`,
 * ordered as git orders them (a folder sorts as its name plus `/`).
 */
export function folderOids(blobIds: ReadonlyMap<string, string>): Map<string, string> {
  const root: Folder = { files: new Map(), folders: new Map() };
  for (const [path, blobId] of blobIds) {
    const parts = path.split('/');
    const name = parts.pop()!;
    let folder = root;
    for (const part of parts) {
      let next = folder.folders.get(part);
      if (!next) folder.folders.set(part, (next = { files: new Map(), folders: new Map() }));
      folder = next;
    }
    folder.files.set(name, blobId);
  }
  const oids = new Map<string, string>();
  hashFolder(root, '', oids);
  return oids;
}

function hashFolder(folder: Folder, path: string, oids: Map<string, string>): string {
  const entries: { key: string; mode: string; name: string; id: string }[] = [];
  for (const [name, id] of folder.files) entries.push({ key: name, mode: '100644', name, id });
  for (const [name, child] of folder.folders) {
    const id = hashFolder(child, path === '' ? name : `${path}/${name}`, oids);
    entries.push({ key: `${name}/`, mode: '40000', name, id });
  }
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  const body = Buffer.concat(
    entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.id, 'hex')])),
  );
  const oid = createHash('sha1').update(`tree ${body.length}\0`).update(body).digest('hex');
  oids.set(path, oid);
  return oid;
}
