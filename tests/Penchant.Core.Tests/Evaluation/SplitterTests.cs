using Penchant.Core.Evaluation;

namespace Penchant.Core.Tests.Evaluation;

public sealed class LeaveLastOutSplitterTests
{
    private static readonly InteractionRecord[] Records =
    [
        new("a", "x", 1, 3), new("a", "y", 1, 1), new("a", "z", 1, 2),
        new("b", "only", 1, 5),
        new("c", "p", 1, 7), new("c", "q", 1, 7), // a timestamp tie: input order decides
    ];

    [Fact]
    public void Newest_is_test_and_second_newest_is_validation()
    {
        var split = new LeaveLastOutSplitter().Split(Records, withValidation: true);
        Assert.Equal(["a:x", "c:q"], Keys(split.Test));
        Assert.Equal(["a:z"], Keys(split.Validation)); // c has only one record left for training
        Assert.Equal(["a:y", "b:only", "c:p"], Keys(split.Train));
    }

    [Fact]
    public void Without_validation_the_test_is_the_same_and_the_rest_trains()
    {
        var split = new LeaveLastOutSplitter().Split(Records, withValidation: false);
        Assert.Equal(["a:x", "c:q"], Keys(split.Test));
        Assert.Empty(split.Validation);
        Assert.Equal(["a:y", "a:z", "b:only", "c:p"], Keys(split.Train));
    }

    internal static string[] Keys(IEnumerable<InteractionRecord> records) =>
        [.. records.Select(static r => r.User + ":" + r.Item).Order(StringComparer.Ordinal)];
}

public sealed class TimeCutSplitterTests
{
    private static InteractionRecord[] Times(params long[] times) =>
        [.. times.Select((t, i) => new InteractionRecord("u" + (i % 3), "i" + i, 1, t))];

    [Fact]
    public void Record_fraction_holds_out_the_newest_records_and_validation_is_the_slice_before()
    {
        var split = TimeCutSplitter.ByRecordFraction(0.2).Split(Times(5, 1, 9, 3, 10, 2, 8, 4, 7, 6), withValidation: true);
        Assert.Equal([9L, 10], split.Test.Select(static r => r.Timestamp).Order());
        Assert.Equal([7L, 8], split.Validation.Select(static r => r.Timestamp).Order());
        Assert.Equal([1L, 2, 3, 4, 5, 6], split.Train.Select(static r => r.Timestamp).Order());
    }

    [Fact]
    public void Records_on_the_cut_timestamp_all_go_to_the_test_side()
    {
        var split = TimeCutSplitter.ByRecordFraction(0.2).Split(Times(1, 2, 3, 3, 3), withValidation: false);
        Assert.Equal(3, split.Test.Count);
        Assert.All(split.Test, static r => Assert.Equal(3, r.Timestamp));
    }

    [Fact]
    public void Time_fraction_cuts_the_time_span()
    {
        // Span 0..100: test from 75 on, validation the 25 before it.
        var split = TimeCutSplitter.ByTimeFraction(0.25).Split(Times(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100), withValidation: true);
        Assert.Equal([80L, 90, 100], split.Test.Select(static r => r.Timestamp));
        Assert.Equal([50L, 60, 70], split.Validation.Select(static r => r.Timestamp));
        Assert.Equal(5, split.Train.Count);
    }

    [Fact]
    public void Given_timestamp_and_validation_of_equal_size()
    {
        var split = TimeCutSplitter.AtTimestamp(60).Split(Times(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100), withValidation: true);
        Assert.Equal([60L, 70, 80, 90, 100], split.Test.Select(static r => r.Timestamp));
        Assert.Equal([10L, 20, 30, 40, 50], split.Validation.Select(static r => r.Timestamp));
        Assert.Equal([0L], split.Train.Select(static r => r.Timestamp));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Fraction_outside_zero_one_is_refused(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeCutSplitter.ByRecordFraction(fraction));
}

public sealed class RandomSplitterTests
{
    [Theory]
    [InlineData(10, 8, 1, 1)]
    [InlineData(5, 3, 1, 1)] // 0.5 records each: raised to one while training keeps more than one
    [InlineData(2, 1, 0, 1)] // the test gets its one first; training must keep one
    [InlineData(1, 1, 0, 0)]
    [InlineData(25, 21, 2, 2)]
    public void Part_sizes_follow_recbole(int total, int train, int validation, int test) =>
        Assert.Equal((train, validation, test), RandomSplitter.Counts(total, 0.8, 0.1, 0.1));

    private static InteractionRecord[] Users(int users, int perUser) =>
        [.. Enumerable.Range(0, users).SelectMany(u => Enumerable.Range(0, perUser).Select(i => new InteractionRecord("u" + u, "i" + i, 1, i)))];

    [Fact]
    public void Per_user_split_gives_each_user_eight_one_one()
    {
        var split = new RandomSplitter(seed: 7).Split(Users(20, 10), withValidation: true);
        foreach (var part in new[] { (split.Train, 8), (split.Validation, 1), (split.Test, 1) })
        {
            Assert.All(part.Item1.GroupBy(static r => r.User), g => Assert.Equal(part.Item2, g.Count()));
        }
    }

    [Fact]
    public void Test_part_does_not_depend_on_validation_and_parts_cover_all_records()
    {
        var records = Users(15, 12);
        var with = new RandomSplitter(seed: 3).Split(records, withValidation: true);
        var without = new RandomSplitter(seed: 3).Split(records, withValidation: false);
        Assert.Equal(LeaveLastOutSplitterTests.Keys(with.Test), LeaveLastOutSplitterTests.Keys(without.Test));
        Assert.Equal(LeaveLastOutSplitterTests.Keys(with.FullTrain), LeaveLastOutSplitterTests.Keys(without.Train));
        Assert.Equal(records.Length, with.Train.Count + with.Validation.Count + with.Test.Count);
    }

    [Fact]
    public void Seed_decides_the_split()
    {
        var records = Users(10, 10);
        var a = LeaveLastOutSplitterTests.Keys(new RandomSplitter(seed: 1).Split(records, false).Test);
        var b = LeaveLastOutSplitterTests.Keys(new RandomSplitter(seed: 1).Split(records, false).Test);
        var c = LeaveLastOutSplitterTests.Keys(new RandomSplitter(seed: 2).Split(records, false).Test);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Global_split_cuts_all_records_once()
    {
        var split = new RandomSplitter(perUser: false, seed: 5).Split(Users(10, 10), withValidation: true);
        Assert.Equal((80, 10, 10), (split.Train.Count, split.Validation.Count, split.Test.Count));
    }
}

public sealed class PredefinedSplitTests
{
    [Fact]
    public void Validation_is_carved_from_training_only_with_the_test_share()
    {
        var train = Enumerable.Range(0, 80).Select(i => new InteractionRecord("u" + (i % 7), "tr" + i, 1, i)).ToArray();
        var test = Enumerable.Range(0, 20).Select(i => new InteractionRecord("u" + (i % 7), "te" + i, 1, i)).ToArray();
        var split = PredefinedSplit.Create(train, test, withValidation: true, seed: 1);
        Assert.Same(test, split.Test);
        Assert.Equal(16, split.Validation.Count); // 20% of the 80 training records
        Assert.All(split.Validation, static r => Assert.StartsWith("tr", r.Item, StringComparison.Ordinal));
        Assert.Equal(LeaveLastOutSplitterTests.Keys(train), LeaveLastOutSplitterTests.Keys(split.FullTrain));
    }

    [Fact]
    public void Mirror_carve_holds_out_the_test_share_of_records_from_the_test_share_of_users()
    {
        // 10 users with 20 training records each; the test part touches 5 users with 5 records each
        // (each test user holds out 5 of 25 records = 20%), so 5 random users hold out 4 of their 20.
        var train = Enumerable.Range(0, 200).Select(i => new InteractionRecord("u" + (i % 10), "tr" + i, 1, i)).ToArray();
        var test = Enumerable.Range(0, 25).Select(i => new InteractionRecord("u" + (i % 5), "te" + i, 1, i)).ToArray();
        var split = PredefinedSplit.Create(train, test, withValidation: true, seed: 3, carve: ValidationCarve.MirrorTest);

        Assert.Same(test, split.Test);
        var perUser = split.Validation.GroupBy(static r => r.User).ToList();
        Assert.Equal(5, perUser.Count);
        Assert.All(perUser, static g => Assert.Equal(4, g.Count()));
        Assert.All(split.Validation, static r => Assert.StartsWith("tr", r.Item, StringComparison.Ordinal));
        Assert.Equal(LeaveLastOutSplitterTests.Keys(train), LeaveLastOutSplitterTests.Keys(split.FullTrain));
    }

    [Fact]
    public void Test_users_carve_holds_out_the_test_share_from_exactly_the_users_with_test_records()
    {
        // As above, but the validation users must be u0..u4 (the users the test part touches), at every seed;
        // the mirror carve picks a random 5 of the 10, which at some seed includes a user without test records.
        var train = Enumerable.Range(0, 200).Select(i => new InteractionRecord("u" + (i % 10), "tr" + i, 1, i)).ToArray();
        var test = Enumerable.Range(0, 25).Select(i => new InteractionRecord("u" + (i % 5), "te" + i, 1, i)).ToArray();
        var testUsers = new[] { "u0", "u1", "u2", "u3", "u4" };
        var mirrorPickedOthers = false;
        for (var seed = 0; seed < 5; seed++)
        {
            var split = PredefinedSplit.Create(train, test, withValidation: true, seed, ValidationCarve.TestUsers);
            Assert.Same(test, split.Test);
            var perUser = split.Validation.GroupBy(static r => r.User).OrderBy(static g => g.Key, StringComparer.Ordinal).ToList();
            Assert.Equal(testUsers, perUser.Select(static g => g.Key));
            Assert.All(perUser, static g => Assert.Equal(4, g.Count()));
            Assert.Equal(LeaveLastOutSplitterTests.Keys(train), LeaveLastOutSplitterTests.Keys(split.FullTrain));

            var mirror = PredefinedSplit.Create(train, test, withValidation: true, seed, ValidationCarve.MirrorTest);
            mirrorPickedOthers |= mirror.Validation.Any(r => !testUsers.Contains(r.User));
        }

        Assert.True(mirrorPickedOthers);
    }

    [Fact]
    public void Carves_differ_by_seed_and_each_divides_the_same_training_records()
    {
        var train = Enumerable.Range(0, 200).Select(i => new InteractionRecord("u" + (i % 10), "tr" + i, 1, i)).ToArray();
        var test = Enumerable.Range(0, 25).Select(i => new InteractionRecord("u" + (i % 5), "te" + i, 1, i)).ToArray();
        var carves = PredefinedSplit.Carves(train, test, 3, seed: 3, ValidationCarve.MirrorTest);

        Assert.Equal(3, carves.Count);
        var first = PredefinedSplit.Create(train, test, withValidation: true, seed: 3, carve: ValidationCarve.MirrorTest);
        Assert.Equal(LeaveLastOutSplitterTests.Keys(first.Validation), LeaveLastOutSplitterTests.Keys(carves[0].Validation));
        Assert.All(carves, c =>
        {
            Assert.Same(test, c.Test);
            Assert.Equal(20, c.Validation.Count);
            Assert.Equal(LeaveLastOutSplitterTests.Keys(train), LeaveLastOutSplitterTests.Keys(c.FullTrain));
        });
        var validationSets = carves.Select(static c => string.Join(';', LeaveLastOutSplitterTests.Keys(c.Validation))).ToHashSet();
        Assert.Equal(3, validationSets.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => PredefinedSplit.Carves(train, test, 0));
    }
}
