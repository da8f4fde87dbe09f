const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "2018-03-26" → "Monday 26 March 2018"; no time zone can shift it. */
export function longDate(iso: string | null): string {
  if (!iso) return "Date not given";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
  return `${weekday} ${d} ${MONTHS[mo - 1]} ${y}`;
}

export function itemLabel(number: string | null, title: string): string {
  return number ? `${number}. ${title}` : title;
}

export const ATTENDANCE_LABEL: Record<string, string> = {
  present: "Present",
  apologies: "Apologies",
  substitute: "Substitute",
  in_attendance: "In attendance",
};

const FORMAT_LABEL: Record<string, string> = {
  pdf: "PDF",
  html: "web page",
  docx: "Word document",
  text: "text",
  "moderngov-xml": "ModernGov web service",
};

export function formatLabel(format: string): string {
  return FORMAT_LABEL[format] ?? format;
}
