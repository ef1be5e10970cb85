import type { Language } from '../../common/languages.js';
import type { CodeRefusal } from '../promo-codes/promo-code.entity.js';
import type { NotApplied, Scope, WhyNotReason } from './engine/types.js';

/** The words of each reason, with `{placeholders}` for its figures, in the languages the plugin speaks. */
/** The words of the limits and their periods, beside the reasons. */
type LimitWords = 'limit_guest' | 'limit_location' | 'limit_code' | 'period_day' | 'period_week' | 'period_month' | 'period_year' | 'period_total';

const WORDS: Record<Language, Record<WhyNotReason | 'only_from' | 'only_until' | 'beaten_exclusive' | LimitWords, string>> = {
  en: {
    other_currency: 'only for tabs in {currency}',
    no_line_in_scope: 'no item on the tab is one it covers',
    outside_hours: 'only for orders between {from} and {to}',
    wrong_day: 'only on {days}',
    outside_dates: 'only from {from} to {to}',
    only_from: 'only from {from}',
    only_until: 'only until {to}',
    below_minimum_tab: 'the tab is {missing} short of the minimum {minimum}',
    needs_more_units: 'needs {missing} more {scope}',
    too_few_guests: 'only for {minimum} guests or more',
    too_many_guests: 'only for at most {maximum} guests',
    beaten: 'a better offer of {category} applied instead',
    beaten_exclusive: 'an exclusive offer of {category} took these items',
    category_cap_reached: '{category} already gives the most it may on these items',
    nothing_left_to_discount: 'nothing was left to take off these items',
    limit_reached: 'the offer has run out {period}',
    limit_guest: 'the guest has had this offer as often as it allows {period}',
    limit_location: 'the offer has run out here {period}',
    limit_code: 'the code has given this offer as often as it allows {period}',
    period_day: 'today',
    period_week: 'this week',
    period_month: 'this month',
    period_year: 'this year',
    period_total: 'for good',
  },
  ru: {
    other_currency: 'только для счетов в {currency}',
    no_line_in_scope: 'в счёте нет позиций, на которые оно распространяется',
    outside_hours: 'только для заказов с {from} до {to}',
    wrong_day: 'только в дни: {days}',
    outside_dates: 'только с {from} по {to}',
    only_from: 'только с {from}',
    only_until: 'только по {to}',
    below_minimum_tab: 'до минимальной суммы {minimum} не хватает {missing}',
    needs_more_units: 'нужно ещё {missing} шт. {scope}',
    too_few_guests: 'только для компании от {minimum} гостей',
    too_many_guests: 'только для компании не более {maximum} гостей',
    beaten: 'вместо него применено более выгодное предложение {category}',
    beaten_exclusive: 'эти позиции взяло эксклюзивное предложение {category}',
    category_cap_reached: '{category} уже даёт на эти позиции максимум',
    nothing_left_to_discount: 'на эти позиции скидывать уже нечего',
    limit_reached: 'предложение закончилось {period}',
    limit_guest: 'гость уже получил это предложение столько раз, сколько можно {period}',
    limit_location: 'здесь предложение закончилось {period}',
    limit_code: 'по этому коду предложение уже использовано столько раз, сколько можно {period}',
    period_day: 'на сегодня',
    period_week: 'на эту неделю',
    period_month: 'в этом месяце',
    period_year: 'в этом году',
    period_total: 'совсем',
  },
  vi: {
    other_currency: 'chỉ cho hóa đơn bằng {currency}',
    no_line_in_scope: 'không có món nào trong hóa đơn thuộc phạm vi áp dụng',
    outside_hours: 'chỉ cho món gọi từ {from} đến {to}',
    wrong_day: 'chỉ vào {days}',
    outside_dates: 'chỉ từ {from} đến {to}',
    only_from: 'chỉ từ {from}',
    only_until: 'chỉ đến {to}',
    below_minimum_tab: 'hóa đơn còn thiếu {missing} để đạt mức tối thiểu {minimum}',
    needs_more_units: 'cần thêm {missing} {scope}',
    too_few_guests: 'chỉ cho nhóm từ {minimum} khách',
    too_many_guests: 'chỉ cho nhóm tối đa {maximum} khách',
    beaten: 'một ưu đãi tốt hơn của {category} đã được áp dụng',
    beaten_exclusive: 'một ưu đãi độc quyền của {category} đã áp dụng cho các món này',
    category_cap_reached: '{category} đã giảm tối đa cho các món này',
    nothing_left_to_discount: 'các món này không còn gì để giảm',
    limit_reached: 'ưu đãi đã hết {period}',
    limit_guest: 'khách đã dùng ưu đãi này đủ số lần cho phép {period}',
    limit_location: 'ưu đãi đã hết tại đây {period}',
    limit_code: 'mã đã dùng cho ưu đãi này đủ số lần cho phép {period}',
    period_day: 'hôm nay',
    period_week: 'tuần này',
    period_month: 'tháng này',
    period_year: 'năm nay',
    period_total: 'hẳn',
  },
  sv: {
    other_currency: 'bara för notor i {currency}',
    no_line_in_scope: 'inget på notan omfattas',
    outside_hours: 'bara för beställningar mellan {from} och {to}',
    wrong_day: 'bara på {days}',
    outside_dates: 'bara från {from} till {to}',
    only_from: 'bara från {from}',
    only_until: 'bara till {to}',
    below_minimum_tab: 'notan saknar {missing} till lägsta beloppet {minimum}',
    needs_more_units: 'behöver {missing} till {scope}',
    too_few_guests: 'bara för sällskap om minst {minimum}',
    too_many_guests: 'bara för sällskap om högst {maximum}',
    beaten: 'ett bättre erbjudande från {category} gällde i stället',
    beaten_exclusive: 'ett exklusivt erbjudande från {category} tog de här raderna',
    category_cap_reached: '{category} ger redan så mycket det får på de här raderna',
    nothing_left_to_discount: 'det fanns inget kvar att dra av på de här raderna',
    limit_reached: 'erbjudandet är slut {period}',
    limit_guest: 'gästen har fått erbjudandet så många gånger det får {period}',
    limit_location: 'erbjudandet är slut här {period}',
    limit_code: 'koden har gett erbjudandet så många gånger det får {period}',
    period_day: 'för i dag',
    period_week: 'för den här veckan',
    period_month: 'för den här månaden',
    period_year: 'för i år',
    period_total: 'för gott',
  },
};

/** The scope's lists in the words "of …" a waiter says: "of desserts, coffee"; nothing for the whole menu. */
const SCOPE_WORDS: Record<Language, { of: string; items: string }> = {
  en: { of: 'of {list}', items: 'items' },
  ru: { of: '({list})', items: '' },
  vi: { of: 'món {list}', items: 'món' },
  sv: { of: 'av {list}', items: 'varor' },
};

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? '')).replace(/\s+/g, ' ').trim();
}

function scopeText(scope: Scope, language: Language): string {
  const list = [...(scope.productGroupIds ?? []), ...(scope.productIds ?? []), ...(scope.tags ?? [])];
  return list.length > 0 ? fill(SCOPE_WORDS[language].of, { list: list.join(', ') }) : SCOPE_WORDS[language].items;
}

/**
 * Why a rule did not apply, in the waiter's language with the figure that is missing: money
 * in the tab's currency, days by name. `scope` is the rule's, for the units still to order.
 */
export function whyNotMessage(item: NotApplied, language: Language, currency: string, scope: Scope): string {
  const words = WORDS[language];
  const money = (minor: number) => {
    const format = new Intl.NumberFormat(language, { style: 'currency', currency });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  };
  const number = (value: number) => new Intl.NumberFormat(language, { maximumFractionDigits: 3 }).format(value);
  switch (item.reason) {
    case 'other_currency':
      return fill(words.other_currency, { currency: item.currency });
    case 'outside_hours':
      return fill(words.outside_hours, { from: item.from ?? '', to: item.to ?? '' });
    case 'wrong_day': {
      const weekday = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
      // 1 January 2024 was a Monday: ISO weekday d is 2024-01-0d.
      return fill(words.wrong_day, { days: item.daysOfWeek.map((day) => weekday.format(new Date(Date.UTC(2024, 0, day)))).join(', ') });
    }
    case 'outside_dates':
      return fill(item.from && item.to ? words.outside_dates : item.from ? words.only_from : words.only_until, { from: item.from ?? '', to: item.to ?? '' });
    case 'below_minimum_tab':
      return fill(words.below_minimum_tab, { missing: money(item.missing), minimum: money(item.minimum) });
    case 'needs_more_units':
      return fill(words.needs_more_units, { missing: number(item.missing), scope: scopeText(scope, language) });
    case 'too_few_guests':
      return fill(words.too_few_guests, { minimum: item.minimum });
    case 'too_many_guests':
      return fill(words.too_many_guests, { maximum: item.maximum });
    case 'beaten':
      return fill(item.byStacking === 'exclusive' ? words.beaten_exclusive : words.beaten, { category: item.byCategoryCode });
    case 'category_cap_reached':
      return fill(words.category_cap_reached, { category: item.categoryCode });
    case 'limit_reached':
      return fill(item.per === 'rule' ? words.limit_reached : words[`limit_${item.per}`], { period: words[`period_${item.period}`] });
    case 'no_line_in_scope':
    case 'nothing_left_to_discount':
      return words[item.reason];
  }
}

/** Why a promo code gives nothing, as the till tells the guest. */
const CODE_WORDS: Record<Language, Record<CodeRefusal, string>> = {
  en: {
    unknown: 'no such code',
    used: 'the code has been used',
    expired: 'the code has expired',
    not_yet_valid: 'the code is not valid yet',
    not_for_this_guest: 'the code is another guest’s',
    needs_guest: 'the code is once per guest: attach the guest first',
  },
  ru: {
    unknown: 'такого кода нет',
    used: 'код уже использован',
    expired: 'срок действия кода истёк',
    not_yet_valid: 'код ещё не действует',
    not_for_this_guest: 'код выдан другому гостю',
    needs_guest: 'код действует раз на гостя: сначала привяжите гостя',
  },
  vi: {
    unknown: 'không có mã này',
    used: 'mã đã được sử dụng',
    expired: 'mã đã hết hạn',
    not_yet_valid: 'mã chưa có hiệu lực',
    not_for_this_guest: 'mã thuộc về khách khác',
    needs_guest: 'mã chỉ dùng một lần cho mỗi khách: hãy gắn khách trước',
  },
  sv: {
    unknown: 'koden finns inte',
    used: 'koden har redan använts',
    expired: 'koden har gått ut',
    not_yet_valid: 'koden gäller inte än',
    not_for_this_guest: 'koden tillhör en annan gäst',
    needs_guest: 'koden gäller en gång per gäst: koppla gästen först',
  },
};

export function codeRefusalMessage(reason: CodeRefusal, language: Language): string {
  return CODE_WORDS[language][reason];
}
