import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength, registerDecorator, ValidateIf } from 'class-validator';
import { OUTGOING_EVENT_TYPES, type OutgoingEventType } from '../../../contract/events-out.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { Optional } from '../../../common/validation/decorators.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../entities/webhook-delivery.entity.js';

/** What a subscription may ask for: every type but the test, which goes to the subscription tested whatever it asks for; or '*'. */
export const SUBSCRIBABLE = ['*', ...OUTGOING_EVENT_TYPES.filter((type) => type !== 'webhook.test')] as const;

/** An absolute http:// or https:// URL the relay can POST to (where it points is the service's check). */
function IsWebhookUrl(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isWebhookUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(value)) return false;
          return URL.canParse(value);
        },
        defaultMessage: () => 'must be an absolute http:// or https:// URL without spaces',
      },
    });
}

/** '*' means every type, so it stands alone. */
function EveryTypeAlone(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'everyTypeAlone',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || !value.includes('*') || value.length === 1,
        defaultMessage: () => "'*' (every type) stands alone",
      },
    });
}

const URL_PROPERTY = {
  example: 'https://crm.example.com/hooks/regulars',
  maxLength: 2000,
  description: 'Where deliveries are POSTed. http or https, public: localhost and loopback, private, link-local and unique-local addresses are refused unless the host allows them.',
};
const TYPES_PROPERTY = {
  enum: [...SUBSCRIBABLE],
  isArray: true,
  example: ['tier.changed', 'points.expiring'],
  description: "The event types wanted (CONTRACT.md, Events out), or ['*'] for all.",
};

export class CreateWebhookDto {
  @ApiProperty(URL_PROPERTY) @IsString() @MaxLength(2000) @IsWebhookUrl() url: string;
  @ApiProperty(TYPES_PROPERTY)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE, { each: true })
  @EveryTypeAlone()
  eventTypes: string[];
  @ApiPropertyOptional({ example: 'CRM sync', description: 'What the subscription is for, for the people who manage it.' }) @Optional() @IsString() @Length(1, 200) description?: string;
  @ApiPropertyOptional({ default: true }) @Optional() @IsBoolean() active?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional(URL_PROPERTY) @Optional() @IsString() @MaxLength(2000) @IsWebhookUrl() url?: string;
  @ApiPropertyOptional(TYPES_PROPERTY)
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE, { each: true })
  @EveryTypeAlone()
  eventTypes?: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Length(1, 200) description?: string | null;
  @ApiPropertyOptional({ description: 'An inactive subscription gets no new events; what was owed to it already is still sent.' }) @Optional() @IsBoolean() active?: boolean;
}

export class WebhookDto {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: [...SUBSCRIBABLE], isArray: true }) eventTypes: string[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() updatedBy: string;
}

/** A subscription as made or rotated: the one time its secret is shown. */
export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({ example: 'whsec_3q2+7w…', description: 'Signs every delivery (X-Regulars-Signature). Shown now only: keep it in the receiver.' }) secret: string;
}

export class DeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty() subscriptionId: string;
  @ApiProperty({ description: 'X-Regulars-Event-Id: the same on every attempt, for the receiver to deduplicate by.' }) eventId: string;
  @ApiProperty({ enum: [...OUTGOING_EVENT_TYPES] }) eventType: OutgoingEventType;
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES, description: 'pending (to be sent, or retried), delivered (answered 2xx), dead (retries gave up; retry it by hand).' }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'When it is sent next; null unless pending.' }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String }) firstAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The HTTP status of the last answer; null for none (refused, timed out, unreachable).' }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'What went wrong the last time.' }) lastError: string | null;
  @ApiProperty() createdAt: string;
}

export class DeliveryPageDto {
  @ApiProperty({ type: () => [DeliveryDto] }) items: DeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @Optional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus;
}

export const DELIVERY_TARGET_KINDS = ['rabbitmq', 'nats', 'guest_messages'] as const;

export class DeliveryTargetDto {
  @ApiProperty({ example: 'broker:rabbitmq', description: 'Its delivery log: GET /webhooks/{id}/deliveries.' }) id: string;
  @ApiProperty({ enum: DELIVERY_TARGET_KINDS }) kind: (typeof DELIVERY_TARGET_KINDS)[number];
}

export class TestEventDto {
  @ApiProperty({ description: 'The webhook.test event recorded: its delivery is in the log once the relay has sent it.' }) eventId: string;
  @ApiProperty() subscriptionId: string;
}
