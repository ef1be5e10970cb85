import { ApiProperty } from '@nestjs/swagger';
import type { MembershipView } from '../memberships.service.js';

export class MemberDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
}

export class MembershipDto implements MembershipView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'The Berg family' }) name: string;
  @ApiProperty({ description: 'The customer who answers for it.' }) ownerCustomerId: string;
  @ApiProperty({ type: () => [MemberDto] }) members: MemberDto[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) endedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endReason: string | null;
}
