namespace Penchant.Core.Recommenders;

/// <summary>Progress of a training run: a stage name and a fraction done in [0, 1].</summary>
public readonly record struct TrainingProgress(string Stage, double Fraction);

/// <summary>
/// What a fit receives besides data: the seed for all randomness, a progress sink and a cancellation token.
/// </summary>
public sealed record TrainingContext(int Seed = 42, IProgress<TrainingProgress>? Progress = null, CancellationToken Cancellation = default)
{
    public static TrainingContext Default { get; } = new();

    public void Report(string stage, double fraction) => Progress?.Report(new TrainingProgress(stage, fraction));
}
