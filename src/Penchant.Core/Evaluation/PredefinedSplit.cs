namespace Penchant.Core.Evaluation;

/// <summary>How <see cref="PredefinedSplit"/> carves its validation records from the training records.</summary>
public enum ValidationCarve
{
    /// <summary>A seeded global random sample of the size share the test part has of all records.</summary>
    Global,

    /// <summary>
    /// The shape of the test part: the same share of users, each holding out the same share of their records as
    /// the test users do on average (MovieLens u1..u5 hold out ~40% of the ratings of about half the users).
    /// The validation users are a seeded random sample of all training users, not the test users; only counts of
    /// the test part are used, never its items.
    /// </summary>
    MirrorTest,

    /// <summary>
    /// The test users themselves: every user with test records holds out the share of their training records that
    /// the test part holds of theirs on average, so selection is scored on the very users the test scores (whose
    /// profiles are then that much shorter than at test time). Only which users have test records, and how many, is
    /// read from the test part, never its items.
    /// </summary>
    TestUsers,
}

/// <summary>
/// A split given by the data set itself, such as MovieLens u1.base / u1.test. The validation part, when asked
/// for, is carved from the training records only, as <see cref="ValidationCarve"/> says.
/// </summary>
public static class PredefinedSplit
{
    public static RecordSplit Create(IReadOnlyList<InteractionRecord> train, IReadOnlyList<InteractionRecord> test, bool withValidation, int seed = 42, ValidationCarve carve = ValidationCarve.Global)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (!withValidation || train.Count < 2)
        {
            return new RecordSplit(train, [], test);
        }

        if (carve is ValidationCarve.MirrorTest or ValidationCarve.TestUsers && test.Count > 0)
        {
            return MirrorTest(train, test, seed, carve == ValidationCarve.TestUsers);
        }

        var testShare = (double)test.Count / (train.Count + test.Count);
        var inner = new RandomSplitter(1 - testShare, 0, testShare, perUser: false, seed: seed).Split(train, withValidation: false);
        return new RecordSplit(inner.Train, inner.Test, test);
    }

    /// <summary>
    /// <paramref name="count"/> carves of the same predefined split, the validation part of carve c drawn with seed
    /// <paramref name="seed"/> + c (so carve 0 is what <see cref="Create"/> makes with <paramref name="seed"/>). Every
    /// carve has the same test records; selection averaged over them has a smaller variance than over one.
    /// </summary>
    public static IReadOnlyList<RecordSplit> Carves(IReadOnlyList<InteractionRecord> train, IReadOnlyList<InteractionRecord> test, int count, int seed = 42, ValidationCarve carve = ValidationCarve.Global)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return [.. Enumerable.Range(0, count).Select(c => Create(train, test, withValidation: true, unchecked(seed + c), carve))];
    }

    private static RecordSplit MirrorTest(IReadOnlyList<InteractionRecord> train, IReadOnlyList<InteractionRecord> test, int seed, bool testUsersOnly)
    {
        var testUsers = test.Select(static r => r.User).ToHashSet(StringComparer.Ordinal);
        var allUsers = train.Select(static r => r.User).Concat(testUsers).ToHashSet(StringComparer.Ordinal);
        var testUsersTrainRecords = train.Count(r => testUsers.Contains(r.User));
        var userShare = (double)testUsers.Count / allUsers.Count;
        var recordShare = (double)test.Count / (test.Count + testUsersTrainRecords);

        var random = new Random(seed);
        var groups = SplitHelpers.GroupByUserInTimeOrder(train);
        SplitHelpers.Shuffle(groups, random);
        var chosen = (int)Math.Round(userShare * groups.Count);
        var inner = new List<InteractionRecord>(train.Count);
        var validation = new List<InteractionRecord>();
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            // Every chosen user keeps at least one training record, so no validation user is cold.
            var isValidationUser = testUsersOnly ? testUsers.Contains(group[0].User) : g < chosen;
            var held = isValidationUser ? Math.Min(group.Count - 1, (int)Math.Round(recordShare * group.Count)) : 0;
            SplitHelpers.Shuffle(group, random);
            validation.AddRange(group.Take(held));
            inner.AddRange(group.Skip(held));
        }

        return new RecordSplit(inner, validation, test);
    }
}
