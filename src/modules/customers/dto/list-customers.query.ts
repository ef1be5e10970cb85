import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, Length } from 'class-validator';
import { Optional } from '../../../common/validation/decorators.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { CUSTOMER_STATUSES, type CustomerStatus } from '../entities/customer.entity.js';

export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search name, phone, e-mail, identifier value or room at once.', example: 'berg' })
  @Optional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'Part of the name, any case or accents.' })
  @Optional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Any phone of the customer, in any format the tenant’s staff type.' })
  @Optional()
  @IsString()
  @Length(1, 50)
  phone?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 255)
  email?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 32)
  tierId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 64)
  tag?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 128)
  responsibleEmployeeId?: string;

  @ApiPropertyOptional({ description: 'The people of an organisation.' })
  @Optional()
  @IsString()
  @Length(1, 32)
  organisationId?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_STATUSES, description: 'Default: every status but erased.' })
  @Optional()
  @IsIn(CUSTOMER_STATUSES)
  status?: CustomerStatus;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' })
  @Optional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z' })
  @Optional()
  @IsISO8601({ strict: true })
  createdTo?: string;
}
