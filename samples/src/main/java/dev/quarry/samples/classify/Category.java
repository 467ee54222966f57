package dev.quarry.samples.classify;

import dev.quarry.Alias;
import dev.quarry.Description;

// The descriptions reach the model in the schema; the aliases are names a model tends to use
// instead, which Quarry maps back to the constant without a re-ask.
@Description("The team that handles the ticket.")
public enum Category {
  @Alias({"payment", "invoice", "refund"})
  @Description("charges, invoices, refunds, payment methods")
  BILLING,
  @Alias({"bug", "technical", "tech_support"})
  @Description("something in the product does not work as documented")
  TECHNICAL_ISSUE,
  @Alias({"login", "access", "password"})
  @Description("cannot sign in, locked out, password or two-factor problems")
  ACCOUNT_ACCESS,
  @Description("asks for something the product does not do yet")
  FEATURE_REQUEST,
  @Description("wants to end the subscription or delete the account")
  CANCELLATION,
  @Description("none of the above")
  OTHER
}
