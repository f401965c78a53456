namespace Penchant.Core.Evaluation;

/// <summary>How a model fared: every configuration on validation, and the chosen one refitted and tested.</summary>
/// <param name="Name">The catalog name.</param>
/// <param name="Trials">Each configuration's validation result, the mean over the validation carves (empty when the split has no validation fold).</param>
/// <param name="Best">The chosen configuration.</param>
/// <param name="Validation">The chosen configuration's validation result (the mean over the carves), or null without validation.</param>
/// <param name="Test">The chosen configuration fitted on the full training set and evaluated on the test records.</param>
public sealed record ModelSelection(
    string Name,
    IReadOnlyList<EvaluationResult> Trials,
    ModelCandidate Best,
    EvaluationResult? Validation,
    EvaluationResult Test);
