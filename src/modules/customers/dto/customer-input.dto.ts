import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsObject,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LANGUAGES, type Language } from '../../../common/languages.js';
import { Optional } from '../../../common/validation/decorators.js';
import { CONTACT_TYPES, type ContactType } from '../contact-normaliser.js';
import { CUSTOMER_KINDS, GENDERS, type CustomerKind, type Gender } from '../entities/customer.entity.js';

/** Optional, and `null` clears the field. */
const Clearable = () => ValidateIf((_, value) => value !== undefined && value !== null);

export class ContactInputDto {
  @ApiProperty({ enum: CONTACT_TYPES, example: 'mobile' })
  @IsIn(CONTACT_TYPES)
  type: ContactType;

  @ApiProperty({ example: '+46 70 123 45 67', description: 'Phones are stored in E.164, read with the tenant’s default country.' })
  @IsString()
  @Length(1, 255)
  value: string;

  @ApiPropertyOptional({ description: 'The primary contact of its type (the first one is primary anyway).' })
  @Optional()
  @IsBoolean()
  primary?: boolean;

  @ApiPropertyOptional({ example: 'telegram', description: 'Which messenger or network.' })
  @Optional()
  @IsString()
  @Length(1, 50)
  label?: string;
}

export class PreferencesDto {
  @ApiPropertyOptional({ example: 'No coriander; likes the corner table; sparkling water' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  text?: string;

  @ApiPropertyOptional({ type: [String], example: ['vegetarian', 'no-nuts'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  tags?: string[];
}

/** Fields a manager sets on a customer; on update, null clears one. */
export class CustomerFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Anna' })
  @Clearable()
  @IsString()
  @Length(1, 100)
  firstName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Maria' })
  @Clearable()
  @IsString()
  @Length(1, 100)
  middleName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Berg' })
  @Clearable()
  @IsString()
  @Length(1, 100)
  lastName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Nordic Freight AB', description: 'An organisation’s name.' })
  @Clearable()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'logistics' })
  @Clearable()
  @IsString()
  @Length(1, 100)
  businessDomain?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Erik Lund' })
  @Clearable()
  @IsString()
  @Length(1, 200)
  contactPerson?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The organisation this person belongs to.' })
  @Clearable()
  @IsString()
  @Length(1, 32)
  organisationId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '1988-04-17' })
  @Clearable()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Length(10, 10, { message: 'must be a date such as 1988-04-17' })
  birthDate?: string | null;

  @ApiPropertyOptional({ enum: GENDERS })
  @Clearable()
  @IsIn(GENDERS)
  gender?: Gender | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Storgatan 1, 111 22 Stockholm' })
  @Clearable()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;

  @ApiPropertyOptional({ type: () => PreferencesDto })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => PreferencesDto)
  preferences?: PreferencesDto;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Allergic to nuts', description: 'Shown to staff at the till.' })
  @Clearable()
  @IsString()
  @MaxLength(500)
  announcement?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['vip'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'u-17' })
  @Clearable()
  @IsString()
  @Length(1, 128)
  responsibleEmployeeId?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  marketingConsent?: boolean;

  @ApiPropertyOptional({ enum: LANGUAGES, nullable: true, example: 'sv', description: 'The language the guest gets messages in; none means the plugin’s `messages.defaultLanguage`.' })
  @Clearable()
  @IsIn(LANGUAGES)
  language?: Language | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '214', description: 'A hotel guest’s room.' })
  @Clearable()
  @IsString()
  @Length(1, 32)
  room?: string | null;
}

export class CreateCustomerDto extends CustomerFieldsDto {
  @ApiProperty({ enum: CUSTOMER_KINDS, example: 'individual' })
  @IsIn(CUSTOMER_KINDS)
  kind: CustomerKind;

  @ApiPropertyOptional({ type: () => [ContactInputDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => ContactInputDto)
  contacts?: ContactInputDto[];

  @ApiPropertyOptional({ description: 'Create even when a customer with the same phone or name exists.' })
  @Optional()
  @IsBoolean()
  allowDuplicate?: boolean;
}

export class UpdateCustomerDto extends CustomerFieldsDto {}

export class UpdateContactDto {
  @ApiPropertyOptional({ example: '+46 70 765 43 21' })
  @Optional()
  @IsString()
  @Length(1, 255)
  value?: string;

  @ApiPropertyOptional({ description: 'true makes it the primary of its type.' })
  @Optional()
  @IsIn([true], { message: 'can only be true; make another contact primary instead' })
  primary?: true;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsString()
  @Length(1, 50)
  label?: string | null;
}

export class TerminateCustomerDto {
  @ApiProperty({ example: 'Membership cancelled at the guest’s request' })
  @IsString()
  @Length(1, 500)
  reason: string;
}
