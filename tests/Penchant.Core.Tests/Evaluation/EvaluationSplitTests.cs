using Penchant.Core.Evaluation;

namespace Penchant.Core.Tests.Evaluation;

public sealed class EvaluationSplitTests
{
    /// <summary>
    /// Train: a {i0, i1}, b {i2}. Validation: a {i1}. Test: a {i3, i5}, b {i4, i0, i2}, c {i1} (c is cold).
    /// Dense items follow first appearance: i0..i5 = 0..5.
    /// </summary>
    internal static RecordSplit Sample() => new(
        [new("a", "i0", 1, 1), new("b", "i2", 1, 1)],
        [new("a", "i1", 1, 2)],
        [new("a", "i3", 1, 3), new("b", "i4", 1, 3), new("a", "i5", 1, 3), new("b", "i0", 1, 3), new("b", "i2", 1, 3), new("c", "i1", 1, 3)]);

    [Fact]
    public void Folds_share_dense_ids_and_validation_fold_trains_without_validation_records()
    {
        var split = EvaluationSplit.Build(Sample(), "sample");
        Assert.Equal(["a", "b", "c"], split.Users.Ids);
        Assert.Equal(["i0", "i2", "i1", "i3", "i4", "i5"], split.Items.Ids);
        Assert.NotNull(split.Validation);
        var validation = split.Validation!;
        Assert.Equal(6, validation.Train.ItemCount);
        Assert.Equal(0f, validation.Train.Matrix.Get(0, split.Items.IndexOf("i1")));
        Assert.Equal(1f, split.Test.Train.Matrix.Get(0, split.Items.IndexOf("i1")));
        Assert.Equal([split.Items.IndexOf("i1")], validation.HeldOut[0]);
    }

    [Fact]
    public void Cold_users_and_unseen_items_are_counted()
    {
        var test = EvaluationSplit.Build(Sample(), "sample").Test;
        Assert.Equal(3, test.HeldOutUsers);
        Assert.Equal(6, test.HeldOutRecords);
        Assert.Equal(1, test.ColdUsers); // c
        Assert.Equal(3, test.UnseenItemRecords); // i3, i4, i5
        Assert.Equal(3, test.UnseenItems);
        Assert.Equal([1, 1, 1, 0, 0, 0], test.ItemUserCount);
    }

    [Fact]
    public void Several_carves_give_one_validation_fold_each_and_the_test_fold_of_one_carve()
    {
        var sample = Sample();
        // The second carve holds out a's i0 instead of i1.
        var other = sample with { Train = [new("a", "i1", 1, 2), new("b", "i2", 1, 1)], Validation = [new("a", "i0", 1, 1)] };
        var single = EvaluationSplit.Build(sample, "one");
        var split = EvaluationSplit.Build([sample, other], "two");

        Assert.Equal(2, split.ValidationFolds.Count);
        Assert.Same(split.ValidationFolds[0], split.Validation);
        Assert.Equal(single.Users.Ids, split.Users.Ids);
        Assert.Equal(single.Items.Ids, split.Items.Ids);
        Assert.Equal(single.Test.Train.Matrix.NonZeros, split.Test.Train.Matrix.NonZeros);
        Assert.Equal(single.Test.HeldOut, split.Test.HeldOut);
        var second = split.ValidationFolds[1];
        Assert.Equal([split.Items.IndexOf("i0")], second.HeldOut[0]);
        Assert.Equal(0f, second.Train.Matrix.Get(0, split.Items.IndexOf("i0")));
        Assert.Equal(1f, second.Train.Matrix.Get(0, split.Items.IndexOf("i1")));
        Assert.Single(single.ValidationFolds);
    }

    [Fact]
    public void Carves_of_different_training_records_are_refused()
    {
        var sample = Sample();
        var shorter = sample with { Train = [new("a", "i0", 1, 1)] };
        Assert.Throws<ArgumentException>(() => EvaluationSplit.Build([sample, shorter], "bad"));
        Assert.Throws<ArgumentException>(() => EvaluationSplit.Build(Array.Empty<RecordSplit>(), "none"));
    }

    [Fact]
    public void No_validation_fold_without_validation_records()
    {
        var sample = Sample();
        var split = EvaluationSplit.Build(sample with { Validation = [] }, "sample");
        Assert.Null(split.Validation);
        Assert.Empty(split.ValidationFolds);
    }
}
