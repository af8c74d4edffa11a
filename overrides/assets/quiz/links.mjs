// The one place JavaScript writes a link to the company: the e-mail offered when Python
// cannot run. With Python, the booking link comes from `quiz.booking_link`.

const FALLBACK_SUBJECT = "Afspraak aanvragen via de zelftest";

// A mailto link with the answers as the visitor gave them, one line each. Everything is
// percent-encoded, so no answer can add a header or break the link.
export function fallbackHref(email, lines) {
  return mailtoHref(email, FALLBACK_SUBJECT, lines.join("\n"));
}

function mailtoHref(address, subject, body) {
  const to = encodeURIComponent(address).replace("%40", "@");
  return `mailto:${to}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
