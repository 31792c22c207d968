/**
 * Masks phone numbers in text that may reach logs (paths carry addresses as aliases):
 * +15551234567 or %2B15551234567 -> +1555***4567.
 */
export function maskPhoneNumbers(text: string): string {
  return text.replace(
    /(\+|%2B)(\d{4})(\d{1,})(\d{4})/gi,
    (_m, plus: string, head: string, _middle: string, tail: string) => `${plus}${head}***${tail}`,
  );
}
