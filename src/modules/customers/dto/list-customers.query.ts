import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { CUSTOMER_STATUSES, type CustomerStatus } from '../entities/customer.entity.js';

export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search name, phone, e-mail, identifier value or room at once.', example: 'berg' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'Part of the name, any case or accents.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Any phone of the customer, in any format the tenant’s staff type.' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 255)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 32)
  tierId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  tag?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 128)
  responsibleEmployeeId?: string;

  @ApiPropertyOptional({ description: 'The people of an organisation.' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  organisationId?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_STATUSES, description: 'Default: every status but erased.' })
  @IsOptional()
  @IsIn(CUSTOMER_STATUSES)
  status?: CustomerStatus;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;
}
