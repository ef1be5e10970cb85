import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES, type Language } from '../../../common/languages.js';
import { CONTACT_TYPES, type ContactType } from '../contact-normaliser.js';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES, GENDERS, type CustomerKind, type CustomerStatus, type Gender } from '../entities/customer.entity.js';

export class ContactDto {
  @ApiProperty({ example: 'ct_01JD7Z3Q8K6Y0M2B5C9D1E4F7G' })
  id: string;

  @ApiProperty({ enum: CONTACT_TYPES })
  type: ContactType;

  @ApiProperty({ example: '+46701234567' })
  value: string;

  @ApiProperty({ nullable: true, type: String })
  label: string | null;

  @ApiProperty()
  primary: boolean;
}

export class CustomerPreferencesDto {
  @ApiProperty({ nullable: true, type: String, example: 'No coriander' }) text: string | null;
  @ApiProperty({ type: [String], example: ['vegetarian'] }) tags: string[];
}

export class CustomerDto {
  @ApiProperty({ example: 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G' })
  id: string;

  @ApiProperty({ enum: CUSTOMER_KINDS })
  kind: CustomerKind;

  @ApiProperty({ enum: CUSTOMER_STATUSES })
  status: CustomerStatus;

  @ApiProperty({ example: 'Anna Maria Berg' })
  displayName: string;

  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) middleName: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'An organisation’s name.' }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) businessDomain: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPerson: string | null;
  @ApiProperty({ nullable: true, type: String }) organisationId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1988-04-17' }) birthDate: string | null;
  @ApiProperty({ nullable: true, enum: GENDERS }) gender: Gender | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ type: () => CustomerPreferencesDto }) preferences: CustomerPreferencesDto;
  @ApiProperty({ nullable: true, type: String }) announcement: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) responsibleEmployeeId: string | null;
  @ApiProperty() marketingConsent: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) marketingConsentAt: string | null;
  @ApiProperty({ nullable: true, enum: LANGUAGES, description: 'The language the guest gets messages in.' }) language: Language | null;
  @ApiProperty({ nullable: true, type: String }) room: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The customer’s id in the system they were imported from.' }) externalId: string | null;
  @ApiProperty({ nullable: true, type: String }) tierId: string | null;
  @ApiProperty({ type: () => [ContactDto] }) contacts: ContactDto[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) terminatedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
}

export class CustomerPageDto {
  @ApiProperty({ type: () => [CustomerDto] })
  items: CustomerDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class DuplicateCandidateDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String], example: ['phone'] }) matchedOn: ('phone' | 'name')[];
}
