import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { LANGUAGES, type Language } from '../../../common/languages.js';
import { Optional } from '../../../common/validation/decorators.js';
import { GUEST_MESSAGE_KINDS, GUEST_MESSAGE_PURPOSES, type GuestMessageKind, type GuestMessagePurpose } from '../../../common/guest-messages.js';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export class MessageTemplateDto {
  @ApiProperty({ enum: GUEST_MESSAGE_KINDS, example: 'points.expiring', description: 'The event type the message tells of.' }) kind: GuestMessageKind;
  @ApiProperty({ enum: LANGUAGES, example: 'sv' }) language: Language;
  @ApiProperty({ enum: GUEST_MESSAGE_PURPOSES, description: 'transactional messages go to every guest with a contact; marketing ones only to guests who consented.' })
  purpose: GuestMessagePurpose;
  @ApiProperty({ example: 'Your points expire soon' }) subject: string;
  @ApiProperty({ example: 'Hello {{name}}, {{amount}} expire on {{expiryDate}}.' }) body: string;
  @ApiProperty({ description: 'The tenant’s own words; false while the plugin’s are used.' }) custom: boolean;
  @ApiProperty({ type: [String], example: ['name', 'amount', 'expiryDate'], description: 'What `{{…}}` may name in this kind of message.' }) placeholders: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) updatedBy: string | null;
}

export class TemplateInputDto {
  @ApiProperty({ example: 'Your points expire soon', description: 'One line; `{{placeholder}}`s allowed.' })
  @IsString()
  @Length(1, 200)
  @Matches(/^[^\r\n]*$/, { message: 'subject must be one line' })
  subject: string;

  @ApiProperty({ example: 'Hello {{name}}, {{amount}} expire on {{expiryDate}}.', description: 'Plain text; `{{placeholder}}`s allowed.' })
  @IsString()
  @Length(1, 5000)
  body: string;
}

export class QuietHoursDto {
  @ApiProperty({ example: '22:00', description: 'HH:MM on the tenant’s wall clock (its time zone).' })
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'from must be a time of day as HH:MM' })
  from: string;

  @ApiProperty({ example: '09:00', description: 'HH:MM; before `from` when the quiet hours span midnight.' })
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'until must be a time of day as HH:MM' })
  until: string;
}

export class MessageSettingsDto {
  @ApiProperty({ nullable: true, enum: ['messenger', 'webhook', 'smtp'], description: 'The channel the host configured; null: no messages are sent.' }) channel: 'messenger' | 'webhook' | 'smtp' | null;
  @ApiProperty({ enum: LANGUAGES, description: 'The language of guests who have none of their own.' }) defaultLanguage: Language;
  @ApiProperty({ example: 'Europe/Stockholm', description: 'The time zone quiet hours and dates are in.' }) timeZone: string;
  @ApiProperty({ type: () => QuietHoursDto, nullable: true, description: 'When no message goes out; a message due then waits for the end. Null for none.' }) quietHours: QuietHoursDto | null;
}

export class UpdateMessageSettingsDto {
  @ApiProperty({ type: () => QuietHoursDto, nullable: true, description: 'The tenant’s quiet hours; null for none.' })
  @ValidateIf((_, value) => value !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours: QuietHoursDto | null;
}

export class PreviewInputDto {
  @ApiProperty({ enum: GUEST_MESSAGE_KINDS, example: 'points.expiring' })
  @IsIn(GUEST_MESSAGE_KINDS)
  kind: GuestMessageKind;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Default: the chosen guest’s language, else the default language.' })
  @Optional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ example: 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G', description: 'Render for this guest (their name); default: a sample guest.' })
  @Optional()
  @IsString()
  @Length(1, 32)
  customerId?: string;

  @ApiPropertyOptional({ description: 'Unsaved words to render, with `body`; default: the tenant’s template.' })
  @ValidateIf((input: PreviewInputDto) => input.subject !== undefined || input.body !== undefined)
  @IsString()
  @Length(1, 200)
  @Matches(/^[^\r\n]*$/, { message: 'subject must be one line' })
  subject?: string;

  @ApiPropertyOptional({ description: 'Unsaved words to render, with `subject`.' })
  @ValidateIf((input: PreviewInputDto) => input.subject !== undefined || input.body !== undefined)
  @IsString()
  @Length(1, 5000)
  body?: string;
}

export class PreviewDto {
  @ApiProperty({ enum: GUEST_MESSAGE_KINDS }) kind: GuestMessageKind;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ example: 'Your points expire soon' }) subject: string;
  @ApiProperty({ example: 'Hello Anna, 500 points expire on 31 January 2027.' }) text: string;
}
