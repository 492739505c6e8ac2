// GOV.UK Frontend styles some components differently once JavaScript runs; the Design System
// sets these classes from an inline script, which our Content-Security-Policy forbids.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
