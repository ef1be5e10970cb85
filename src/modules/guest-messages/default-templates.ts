import type { Language } from '../../common/languages.js';
import type { GuestMessageKind } from '../../common/guest-messages.js';

/** A message's words with `{{placeholder}}`s: a subject line and a plain-text body. */
export interface MessageTemplate {
  subject: string;
  body: string;
}

/**
 * What each kind of message may say beside the guest's `name`, filled in from the fact it
 * tells of: amounts in the account's units (money in its currency, points as points),
 * dates in the tenant's time zone, all written the guest's language's way.
 */
export const PLACEHOLDERS: Record<GuestMessageKind, readonly string[]> = {
  'points.expiring': ['name', 'amount', 'expiryDate'],
  'account.credited': ['name', 'amount', 'balance'],
  'tier.changed': ['name', 'tier', 'previousTier'],
  'reward.reachable': ['name', 'reward', 'price', 'balance'],
  'birthday.given': ['name', 'amount', 'year'],
};

/** The plugin's own words, used until a tenant writes its own (PUT /messages/templates/{kind}/{language}). */
export const DEFAULT_TEMPLATES: Record<GuestMessageKind, Record<Language, MessageTemplate>> = {
  'points.expiring': {
    en: { subject: 'Your points expire soon', body: 'Hello {{name}},\n\n{{amount}} on your account expire on {{expiryDate}}. Come and enjoy them before then!' },
    ru: { subject: 'Ваши баллы скоро сгорят', body: 'Здравствуйте, {{name}}!\n\n{{amount}} на вашем счёте сгорят {{expiryDate}}. Приходите и воспользуйтесь ими до этого дня!' },
    vi: { subject: 'Điểm của bạn sắp hết hạn', body: 'Xin chào {{name}},\n\n{{amount}} trong tài khoản của bạn sẽ hết hạn vào {{expiryDate}}. Hãy đến và sử dụng trước ngày đó nhé!' },
    sv: { subject: 'Dina poäng går snart ut', body: 'Hej {{name}}!\n\n{{amount}} på ditt konto går ut den {{expiryDate}}. Kom och använd dem innan dess!' },
  },
  'account.credited': {
    en: { subject: 'You have earned {{amount}}', body: 'Hello {{name}},\n\nThank you for your visit! {{amount}} have been added to your account. Your balance is now {{balance}}.' },
    ru: { subject: 'Вам начислено: {{amount}}', body: 'Здравствуйте, {{name}}!\n\nСпасибо за визит! На ваш счёт начислено: {{amount}}. Теперь на счёте: {{balance}}.' },
    vi: { subject: 'Bạn vừa nhận được {{amount}}', body: 'Xin chào {{name}},\n\nCảm ơn bạn đã ghé thăm! {{amount}} đã được cộng vào tài khoản của bạn. Số dư hiện tại: {{balance}}.' },
    sv: { subject: 'Du har fått {{amount}}', body: 'Hej {{name}}!\n\nTack för besöket! {{amount}} har lagts till på ditt konto. Ditt saldo är nu {{balance}}.' },
  },
  'tier.changed': {
    en: { subject: 'Welcome to {{tier}}', body: 'Hello {{name}},\n\nYou are now a {{tier}} guest. Thank you for coming back to us!' },
    ru: { subject: 'Ваш новый уровень: {{tier}}', body: 'Здравствуйте, {{name}}!\n\nТеперь ваш уровень — {{tier}}. Спасибо, что возвращаетесь к нам!' },
    vi: { subject: 'Chào mừng bạn đến hạng {{tier}}', body: 'Xin chào {{name}},\n\nBạn đã trở thành khách hàng hạng {{tier}}. Cảm ơn bạn đã luôn quay lại với chúng tôi!' },
    sv: { subject: 'Välkommen till {{tier}}', body: 'Hej {{name}}!\n\nDu är nu {{tier}}-gäst. Tack för att du kommer tillbaka till oss!' },
  },
  'reward.reachable': {
    en: { subject: '{{reward}} is yours to take', body: 'Hello {{name}},\n\nWith {{balance}} on your account you can now have {{reward}} for {{price}}. Just ask for it at your next visit!' },
    ru: { subject: '{{reward}} теперь доступна вам', body: 'Здравствуйте, {{name}}!\n\nНа вашем счёте {{balance}}, и теперь вы можете получить «{{reward}}» за {{price}}. Просто попросите об этом при следующем визите!' },
    vi: { subject: 'Bạn đã có thể nhận {{reward}}', body: 'Xin chào {{name}},\n\nVới {{balance}} trong tài khoản, bạn đã có thể đổi {{reward}} với giá {{price}}. Hãy yêu cầu ở lần ghé thăm tới nhé!' },
    sv: { subject: '{{reward}} väntar på dig', body: 'Hej {{name}}!\n\nMed {{balance}} på ditt konto kan du nu få {{reward}} för {{price}}. Be om det vid ditt nästa besök!' },
  },
  'birthday.given': {
    en: { subject: 'Happy birthday, {{name}}!', body: 'Hello {{name}},\n\nHappy birthday from all of us! A birthday gift is waiting for you at your next visit.' },
    ru: { subject: 'С днём рождения, {{name}}!', body: 'Здравствуйте, {{name}}!\n\nПоздравляем вас с днём рождения! При следующем визите вас ждёт подарок.' },
    vi: { subject: 'Chúc mừng sinh nhật {{name}}!', body: 'Xin chào {{name}},\n\nChúc mừng sinh nhật bạn! Một món quà sinh nhật đang chờ bạn ở lần ghé thăm tới.' },
    sv: { subject: 'Grattis på födelsedagen, {{name}}!', body: 'Hej {{name}}!\n\nGrattis på födelsedagen från oss alla! En födelsedagspresent väntar på dig vid ditt nästa besök.' },
  },
};
