import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

/**
 * What the till card shows of a guest beyond their balances, as last assembled: identify
 * reads it in one look-up instead of the guest's history. Every write that changes any of it
 * moves `generation` on in its own transaction (and drops the facts); a card assembled
 * from what was read before that write is never stored over it.
 */
@Entity('rc_guest_cards')
export class GuestCard {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'varchar', length: 32 })
  customerId: string;

  @Column({ name: 'generation', type: 'integer' })
  generation: number;

  /** The tenant's revision the facts were assembled under: a new rule book, tier or category definition makes them old. */
  @Column({ name: 'revision', type: 'integer', nullable: true })
  revision: number | null;

  /** After this the facts that move with time alone (favourites of the last half year, a tier's window) are assembled again. */
  @TimeColumn('fresh_until', { nullable: true })
  freshUntil: Date | null;

  @JsonColumn('facts', { nullable: true })
  facts: unknown;
}
