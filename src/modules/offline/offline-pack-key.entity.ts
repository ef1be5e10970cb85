import { Entity, PrimaryColumn } from 'typeorm';
import { KeyColumn, TimeColumn } from '../../common/database/columns.js';

/**
 * A tenant's key for offline packs: an Ed25519 pair whose private half signs each pack, so
 * a till trusts the allowances in it, and the salt its identifiers are hashed with.
 * Made on the first pack a tenant asks for.
 */
@Entity('rc_offline_pack_keys')
export class OfflinePackKey {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  /** The first 16 hex digits of the public key's SHA-256: what a till pins. */
  @KeyColumn('key_id', { length: 16 })
  keyId: string;

  /** The raw 32-byte public key, base64url. */
  @KeyColumn('public_key', { length: 64 })
  publicKey: string;

  /** The private key, PKCS#8 DER in base64. */
  @KeyColumn('private_key', { length: 128 })
  privateKey: string;

  /** 32 random bytes, base64url: the HMAC key identifiers are hashed with. */
  @KeyColumn('identifier_salt', { length: 64 })
  identifierSalt: string;

  @TimeColumn('created_at')
  createdAt: Date;
}
