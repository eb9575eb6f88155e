import { BlobHashMismatchError, BlobNotFoundError, contentId, isContentId, type ContentId } from "./content-id.js";

/** Client of the blob store. Every read is checked against its content id; a mismatch throws and returns nothing. */
export class BlobClient {
  constructor(readonly baseUrl: string) {}

  async put(bytes: Uint8Array): Promise<ContentId> {
    const res = await fetch(`${this.baseUrl}/blobs`, { method: "PUT", body: bytes });
    if (res.status !== 201) throw new Error(`blob store PUT failed: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    const local = contentId(bytes);
    if (id !== local) throw new BlobHashMismatchError(local, id);
    return local;
  }

  async get(id: string): Promise<Uint8Array> {
    if (!isContentId(id)) throw new TypeError(`not a content id: ${id}`);
    const res = await fetch(`${this.baseUrl}/blobs/${id}`);
    if (res.status === 404) throw new BlobNotFoundError(id);
    if (!res.ok) throw new Error(`blob store GET ${id} failed: ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const actual = contentId(bytes);
    if (actual !== id) throw new BlobHashMismatchError(id, actual);
    return bytes;
  }

  async setRef(name: string, id: ContentId): Promise<void> {
    const res = await fetch(`${this.baseUrl}/refs/${encodeURIComponent(name)}`, { method: "PUT", body: id });
    if (res.status !== 204) throw new Error(`blob store ref ${name} failed: ${res.status} ${await res.text()}`);
  }

  /** The content id a ref points to, or undefined when unset. */
  async getRef(name: string): Promise<ContentId | undefined> {
    const res = await fetch(`${this.baseUrl}/refs/${encodeURIComponent(name)}`);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`blob store ref ${name} failed: ${res.status}`);
    const id = (await res.text()).trim();
    if (!isContentId(id)) throw new TypeError(`ref ${name} holds a malformed content id`);
    return id;
  }
}
