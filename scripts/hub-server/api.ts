/**
 * The hub's `/api/models/…` endpoints (see api-model.ts and api-entries.ts for the JSON):
 * - `GET …/{repo}` and `GET …/{repo}/revision/{rev}[?blobs=true]`: model info.
 * - `GET …/{repo}/tree/{rev}[/{path}][?recursive=true][&expand=true]`: a folder's entries
 *   (huggingface_hub's `list_repo_tree`, `@huggingface/hub`'s `listFiles`). Not paginated: no `Link` header.
 * - `POST …/{repo}/paths-info/{rev}` with `paths` (repeated) and `expand`, as a form
 *   (huggingface_hub's `get_paths_info`) or JSON (`@huggingface/hub`'s `pathsInfo`): the entries of
 *   the paths that exist, files or folders, in the order asked.
 * A missing repo is `404 RepoNotFound`, a missing revision `404 RevisionNotFound`, a tree path that is
 * not a folder `404 EntryNotFound`. With the `api` option off every `/api/` path is a plain `404`.
 * Booleans in the query or form are true as `true`, `True` (Python's spelling) or `1`.
 */
import type { IncomingMessage } from 'node:http';
import { entryFor, indexCommit, listFolder, type TreeEntry } from './api-entries.js';
import { modelInfo } from './api-model.js';
import type { Answer } from './answer.js';
import { lookupCommit } from './lookup.js';
import type { ApiRoute } from './paths.js';
import { readBody } from './request-body.js';
import type { HubState } from './state.js';

const MAX_FORM_BYTES = 1024 * 1024;

/** What the hub origin answers to an `/api/` request, before faults. */
export async function apiAnswer(state: HubState, req: IncomingMessage, route: ApiRoute | undefined, path: string): Promise<Answer> {
  if (!state.api || !route) return { kind: 'error', status: 404, message: 'Not found' };
  const method = route.endpoint === 'paths-info' ? 'POST' : 'GET';
  if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
    return { kind: 'error', status: 405, message: 'Method not allowed' };
  }
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const params = route.endpoint === 'paths-info' ? await readPathsInfo(req) : undefined;
  if (params === 'bad') return { kind: 'error', status: 400, message: 'Bad request: expected `paths`' };

  const found = await lookupCommit(state.commits, route.repo, route.revision);
  if (found.kind === 'error') return found.answer;
  const { commit } = found;
  const announce = (file: string): number | undefined =>
    state.faults.peek({ path, repo: route.repo, file, applies: () => true }, 'announce-length')?.bytes;

  switch (route.endpoint) {
    case 'info':
      return { kind: 'json', status: 200, value: await modelInfo(state, commit, { blobs: isTrue(query.get('blobs')), announce }) };
    case 'tree': {
      const index = await indexCommit(state, commit);
      const paths = listFolder(index, route.folder, isTrue(query.get('recursive')));
      if (!paths) {
        return {
          kind: 'error',
          status: 404,
          message: `Entry not found: ${route.folder}`,
          code: 'EntryNotFound',
          headers: { 'X-Repo-Commit': commit.sha },
        };
      }
      const options = { expand: isTrue(query.get('expand')), announce };
      return { kind: 'json', status: 200, value: paths.map((p) => entryFor(state, index, p, options)) };
    }
    case 'paths-info': {
      const index = await indexCommit(state, commit);
      const { paths, expand } = params as PathsInfoParams;
      const entries = [...new Set(paths.map(trimSlashes))]
        .map((p) => entryFor(state, index, p, { expand, announce }))
        .filter((e): e is TreeEntry => e !== undefined);
      return { kind: 'json', status: 200, value: entries };
    }
  }
}

interface PathsInfoParams {
  paths: string[];
  expand: boolean;
}

/** `paths` and `expand` from a JSON or form body; `bad` when there is no list of paths. */
async function readPathsInfo(req: IncomingMessage): Promise<PathsInfoParams | 'bad'> {
  const text = await readBody(req, MAX_FORM_BYTES).catch(() => undefined);
  if (text === undefined) return 'bad';
  if (String(req.headers['content-type'] ?? '').includes('json')) {
    try {
      const body = JSON.parse(text) as { paths?: unknown; expand?: unknown };
      const paths = typeof body.paths === 'string' ? [body.paths] : body.paths;
      if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) return 'bad';
      return { paths, expand: body.expand === true || isTrue(String(body.expand)) };
    } catch {
      return 'bad';
    }
  }
  const form = new URLSearchParams(text);
  return { paths: form.getAll('paths'), expand: isTrue(form.get('expand')) };
}

function isTrue(value: string | null): boolean {
  return value !== null && ['true', '1'].includes(value.toLowerCase());
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
