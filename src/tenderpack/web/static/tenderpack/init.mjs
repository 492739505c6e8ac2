// Start GOV.UK Frontend's components (character counts, error summary, radios...).
import { initAll } from '../govuk-frontend/govuk-frontend.min.js'

initAll()
