import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The host's own table, in the same database and DataSource as the plugin's rc_ tables. */
@Entity('pos_orders')
export class Order {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  table!: string;
}
