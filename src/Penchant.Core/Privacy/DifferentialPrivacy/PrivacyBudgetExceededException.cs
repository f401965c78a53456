namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>A release was refused because it would take a consumer past its privacy budget. Nothing was spent.</summary>
public sealed class PrivacyBudgetExceededException : Exception
{
    public PrivacyBudgetExceededException(BudgetDecision decision)
        : base(
            $"Privacy budget of '{decision.Consumer}' would be exceeded: requested {decision.Requested}, " +
            $"already spent {decision.Spent} of {decision.Limit}. Nothing was released or spent.") =>
        Decision = decision;

    public PrivacyBudgetExceededException()
    {
    }

    public PrivacyBudgetExceededException(string message)
        : base(message)
    {
    }

    public PrivacyBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BudgetDecision? Decision { get; }
}
