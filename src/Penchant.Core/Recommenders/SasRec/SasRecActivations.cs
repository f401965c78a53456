namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// Everything one sequence's forward pass keeps for its backward pass, plus the backward scratch, sized for
/// the network's longest sequence. One instance serves one sequence at a time.
/// </summary>
internal sealed class SasRecActivations
{
    public SasRecActivations(SasRecNetwork network)
    {
        int n = network.MaxLength, d = network.Dimensions, f = network.InnerDimensions, h = network.Heads;
        var nd = n * d;
        Items = new int[n];
        X0 = new float[nd];
        Mask0 = new float[nd];
        Blocks = new BlockActivations[network.BlockCount];
        for (var b = 0; b < Blocks.Length; b++)
        {
            Blocks[b] = new BlockActivations(n, d, f, h);
        }

        Output = new float[nd];
        MeanF = new float[n];
        RstdF = new float[n];
        var wide = Math.Max(d, f);
        DCurrent = new float[nd];
        DA = new float[nd];
        DTemp = new float[n * wide];
        DQ = new float[nd];
        DK = new float[nd];
        DV = new float[nd];
        DAtt = new float[nd];
        DInner = new float[n * f];
        Scratch = new float[Math.Max(Math.Max(n, wide) * wide, 2 * d) + n];
    }

    /// <summary>Rows in use (the sequence length).</summary>
    public int Length { get; set; }

    /// <summary>Index of the first row's position embedding (sequences are right-aligned to MaxLength).</summary>
    public int PositionStart { get; set; }

    /// <summary>Whether dropout masks were drawn in the forward pass.</summary>
    public bool Dropout { get; set; }

    public int[] Items { get; }

    public float[] X0 { get; }

    public float[] Mask0 { get; }

    public BlockActivations[] Blocks { get; }

    /// <summary>Final layer-normed hidden states, one row per position.</summary>
    public float[] Output { get; }

    public float[] MeanF { get; }

    public float[] RstdF { get; }

    /// <summary>After the backward pass: dL/d(embedding sum) per row, before the item/position split.</summary>
    public float[] DCurrent { get; }

    public float[] DA { get; }

    public float[] DTemp { get; }

    public float[] DQ { get; }

    public float[] DK { get; }

    public float[] DV { get; }

    public float[] DAtt { get; }

    public float[] DInner { get; }

    public float[] Scratch { get; }
}

/// <summary>One block's saved activations.</summary>
internal sealed class BlockActivations(int n, int d, int f, int heads)
{
    public float[] H1 { get; } = new float[n * d];

    public float[] Mean1 { get; } = new float[n];

    public float[] Rstd1 { get; } = new float[n];

    public float[] Q { get; } = new float[n * d];

    public float[] K { get; } = new float[n * d];

    public float[] V { get; } = new float[n * d];

    public float[] Probs { get; } = new float[heads * n * n];

    public float[] Att { get; } = new float[n * d];

    public float[] Ao { get; } = new float[n * d];

    public float[] MaskA { get; } = new float[n * d];

    public float[] A { get; } = new float[n * d];

    public float[] H2 { get; } = new float[n * d];

    public float[] Mean2 { get; } = new float[n];

    public float[] Rstd2 { get; } = new float[n];

    public float[] F1 { get; } = new float[n * f];

    public float[] MaskF1 { get; } = new float[n * f];

    public float[] F2 { get; } = new float[n * d];

    public float[] MaskF2 { get; } = new float[n * d];

    public float[] Out { get; } = new float[n * d];
}
