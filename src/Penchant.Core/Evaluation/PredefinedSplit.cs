namespace Penchant.Core.Evaluation;

/// <summary>
/// A split given by the data set itself, such as MovieLens u1.base / u1.test. The validation part, when asked
/// for, is carved from the training records only: a seeded global random sample of the size share the test
/// part has of all records (the u1..u5 splits are themselves global random 80/20 splits).
/// </summary>
public static class PredefinedSplit
{
    public static RecordSplit Create(IReadOnlyList<InteractionRecord> train, IReadOnlyList<InteractionRecord> test, bool withValidation, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (!withValidation || train.Count < 2)
        {
            return new RecordSplit(train, [], test);
        }

        var testShare = (double)test.Count / (train.Count + test.Count);
        var inner = new RandomSplitter(1 - testShare, 0, testShare, perUser: false, seed: seed).Split(train, withValidation: false);
        return new RecordSplit(inner.Train, inner.Test, test);
    }
}
