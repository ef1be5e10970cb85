import { Entity, Index, PrimaryColumn } from 'typeorm';
import { TenantIdColumn } from '../../../common/database/columns.js';

/** A customer's tag ("vip", "corporate"), a row each so lists filter by tag on an index. */
@Entity('rc_customer_tags')
@Index('rc_customer_tags_tag', ['tenantId', 'tag'])
export class CustomerTag {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'varchar', length: 32 })
  customerId: string;

  @PrimaryColumn({ name: 'tag', type: 'varchar', length: 64 })
  tag: string;
}
