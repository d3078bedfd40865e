// A full card number (PAN) must never be stored or shown: the platform is supposed to send only the
// first 6 and last 4 digits, but the seed's own example carries 16 digits. Everything the console
// keeps from an answer goes through maskPans first.
const PAN_RE = /(?<!\d)(\d{6})(\d{3,9})(\d{4})(?!\d)/g;

export function maskPans(text: string): string {
  return text.replace(PAN_RE, (whole, head: string, middle: string, tail: string) =>
    // Only digit runs that look like card numbers (13-19 digits) and pass Luhn are masked, so order
    // numbers and ReCheckIds are left alone.
    luhnValid(whole) ? `${head}${'*'.repeat(middle.length)}${tail}` : whole,
  );
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
