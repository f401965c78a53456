namespace Penchant.Core.Recommenders;

/// <summary>
/// A trained model. Immutable and safe to call from many threads at once.
/// </summary>
public interface IRecommenderModel
{
    /// <summary>The model kind, used as its tag in saved files (e.g. "itemknn").</summary>
    string Kind { get; }

    /// <summary>The number of items scored (dense item ids 0..ItemCount-1).</summary>
    int ItemCount { get; }

    /// <summary>
    /// Writes a score for every item into <paramref name="scores"/> (length <see cref="ItemCount"/>); higher is better.
    /// The query may describe a user unseen in training (<see cref="UserQuery.User"/> = -1) or carry events that
    /// arrived after training; models use the history, not only a stored user state.
    /// </summary>
    void Score(UserQuery query, Span<float> scores);

    /// <summary>Writes a similarity to <paramref name="item"/> for every item into <paramref name="scores"/>.</summary>
    void ScoreSimilar(int item, Span<float> scores);

    /// <summary>Writes the model's parameters (the header is written by <see cref="ModelFile"/>).</summary>
    void Write(BinaryWriter writer);
}
