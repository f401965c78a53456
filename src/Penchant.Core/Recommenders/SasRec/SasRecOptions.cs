namespace Penchant.Core.Recommenders.SasRec;

/// <summary>The training objective of <see cref="SasRecRecommender"/>.</summary>
public enum SasRecLoss
{
    /// <summary>Binary cross-entropy with one sampled negative per position (the original SASRec).</summary>
    BinaryCrossEntropy,

    /// <summary>Softmax over the positive and <see cref="SasRecOptions.Negatives"/> uniformly sampled negatives shared by the batch.</summary>
    SampledSoftmax,

    /// <summary>Softmax cross-entropy over the whole catalogue.</summary>
    FullSoftmax,
}

/// <summary>Options for <see cref="SasRecRecommender"/>.</summary>
/// <param name="Dimensions">Embedding and hidden width d (a multiple of <paramref name="Heads"/>).</param>
/// <param name="Blocks">Number of self-attention blocks.</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="MaxLength">Longest history the model reads; longer sequences keep their most recent items.</param>
/// <param name="Dropout">Dropout rate on embeddings, attention output and feed-forward layers.</param>
/// <param name="LearningRate">Adam step size.</param>
/// <param name="WeightDecay">Decoupled (AdamW) weight decay per step, as a fraction of the learning rate.</param>
/// <param name="Epochs">Passes over the training sequences.</param>
/// <param name="BatchSize">Sequences per mini-batch.</param>
/// <param name="Loss">Training objective.</param>
/// <param name="Negatives">Shared negatives per batch for <see cref="SasRecLoss.SampledSoftmax"/>.</param>
/// <param name="FeedForwardDimensions">Inner width of the feed-forward layers; 0 means <paramref name="Dimensions"/>.</param>
/// <param name="Threads">Worker threads for training; 0 uses every core. Results do not depend on it.</param>
public sealed record SasRecOptions(
    int Dimensions = 64,
    int Blocks = 2,
    int Heads = 1,
    int MaxLength = 50,
    float Dropout = 0.2f,
    float LearningRate = 1e-3f,
    float WeightDecay = 0f,
    int Epochs = 50,
    int BatchSize = 128,
    SasRecLoss Loss = SasRecLoss.FullSoftmax,
    int Negatives = 256,
    int FeedForwardDimensions = 0,
    int Threads = 0)
{
    /// <summary>The feed-forward inner width actually used.</summary>
    public int InnerDimensions => FeedForwardDimensions > 0 ? FeedForwardDimensions : Dimensions;

    /// <summary>Throws when the options cannot describe a model.</summary>
    public void Validate()
    {
        if (Dimensions <= 0 || Heads <= 0 || Dimensions % Heads != 0)
        {
            throw new ArgumentException("Dimensions must be a positive multiple of Heads.");
        }

        if (Blocks < 0 || MaxLength < 1 || BatchSize < 1 || Epochs < 0 || Negatives < 1 || FeedForwardDimensions < 0 || Threads < 0)
        {
            throw new ArgumentException("Blocks, MaxLength, BatchSize, Epochs, Negatives, FeedForwardDimensions and Threads are out of range.");
        }

        if (Dropout is < 0f or >= 1f || LearningRate <= 0f || WeightDecay < 0f)
        {
            throw new ArgumentException("Dropout must be in [0, 1), LearningRate positive and WeightDecay non-negative.");
        }
    }
}
