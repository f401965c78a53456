using Penchant.Core.Data;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// SASRec: next-item prediction with causal self-attention over the shopper's chronological sequence,
/// trained in process on the CPU with hand-derived backward passes and Adam.
/// </summary>
/// <remarks>
/// Kang and McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018. The blocks here are pre-norm
/// (layer norm before attention and feed-forward, as in the reference implementation), with an output
/// projection after attention. Besides the original binary cross-entropy with one negative, the model trains
/// with sampled or full softmax cross-entropy, which Klenitskiy and Vasilev ("Turning Dross Into Gold Loss:
/// is BERT4Rec really better than SASRec?", RecSys 2023) show to be much stronger.
/// </remarks>
public sealed class SasRecRecommender(SasRecOptions? options = null) : IRecommender
{
    public SasRecOptions Options { get; } = options ?? new SasRecOptions();

    public string Name => SasRecModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        return FitSequences(data.Sequences, data.ItemCount, context);
    }

    /// <summary>Trains on raw sequences (dense item ids below <paramref name="itemCount"/>).</summary>
    public SasRecModel FitSequences(IReadOnlyList<int[]> sequences, int itemCount, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var trainer = new SasRecTrainer(sequences, itemCount, Options, context.Seed);
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            trainer.TrainEpoch(context.Cancellation);
            context.Report("sasrec epochs", (double)(epoch + 1) / Options.Epochs);
        }

        return trainer.ToModel();
    }
}
