import { createHash, createHmac, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RetryableConflict } from '../../common/database/retryable-conflict.js';
import type { OfflinePackKey } from './offline-pack-key.entity.js';
import { OfflineRepository } from './offline.repository.js';

/** A tenant's pack key, ready to sign and hash with. */
export interface PackSigner {
  keyId: string;
  /** The raw Ed25519 public key, base64url: what a till verifies packs with. */
  publicKey: string;
  /** The HMAC key identifiers are hashed with, base64url: a till hashes what a guest presents with it. */
  salt: string;
  /** The detached Ed25519 signature of exactly these bytes, base64url. */
  sign(body: string): string;
  /** An identifier as a pack carries it: HMAC-SHA256 under the salt of "<type>:<normalised value>", hex. */
  hashIdentifier(type: string, value: string): string;
}

/** The raw 32 bytes of an Ed25519 public key sit at the end of its SPKI DER form. */
const rawPublicKey = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' }).subarray(-32);

/**
 * Each tenant's Ed25519 key and identifier salt for offline packs, made on first use and
 * kept in the database, so every instance signs with the same key and a till pins it once.
 */
@Injectable()
export class OfflinePackKeys {
  private readonly signers = new Map<string, PackSigner>();

  constructor(
    private readonly repository: OfflineRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The tenant's signer; in a unit of work, which makes the key the first time (another instance making it at once is retried). */
  async signerFor(tenantId: string): Promise<PackSigner> {
    const known = this.signers.get(tenantId);
    if (known) return known;
    const kept = await this.repository.keyOf(tenantId);
    const stored = kept ?? (await this.make(tenantId));
    const privateKey = createPrivateKey({ key: Buffer.from(stored.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    const salt = Buffer.from(stored.identifierSalt, 'base64url');
    const signer: PackSigner = {
      keyId: stored.keyId,
      publicKey: stored.publicKey,
      salt: stored.identifierSalt,
      sign: (body) => sign(null, Buffer.from(body), privateKey).toString('base64url'),
      hashIdentifier: (type, value) => createHmac('sha256', salt).update(`${type}:${value}`).digest('hex'),
    };
    // A key made in this unit of work is kept in memory only once it is read back committed.
    if (kept) this.signers.set(tenantId, signer);
    return signer;
  }

  private async make(tenantId: string): Promise<OfflinePackKey> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const key: OfflinePackKey = {
      tenantId,
      keyId: createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16),
      publicKey: rawPublicKey(publicKey).toString('base64url'),
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      identifierSalt: randomBytes(32).toString('base64url'),
      createdAt: this.config.clock.now(),
    };
    try {
      await this.repository.insertKey(key);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RetryableConflict(`offline pack key of ${tenantId} made concurrently`);
      throw error;
    }
    return key;
  }
}
