namespace ExprGrad.Tests.ParameterSets;

/// <summary>The example: a positional record (gradients are created through its constructor).</summary>
public sealed record Mlp(double[,] W1, double[] b1, double[,] W2, double b2);

/// <summary>A layer with fields and a parameterless constructor (gradients are created by assigning fields).</summary>
public sealed class Layer
{
    /// <summary>Weights.</summary>
    public double[,] W = new double[0, 0];

    /// <summary>Bias.</summary>
    public double[] b = new double[0];

    /// <summary>Data: copied into the gradient, never differentiated.</summary>
    public string Name = "";
}

/// <summary>An array of sets, a nested record, a scalar with a setter, and data members.</summary>
public sealed class Deep
{
    /// <summary>The layers.</summary>
    public Layer[] Layers { get; set; } = [];

    /// <summary>A nested set.</summary>
    public Head Head { get; set; } = new([0.0], 0);

    /// <summary>A scalar parameter with a setter.</summary>
    public double Temperature { get; set; }

    /// <summary>Data, read at each call.</summary>
    public int[] Labels { get; set; } = [];

    /// <summary>A computed property: no parameter; reading it in a function is an error.</summary>
    public double Double => 2 * Temperature;
}

/// <summary>A nested positional record.</summary>
public sealed record Head(double[] w, double c);

/// <summary>A record whose members are get-only properties set by its constructor.</summary>
public sealed class Frozen(double[] a, double s)
{
    /// <summary>A vector.</summary>
    public double[] A { get; } = a;

    /// <summary>A scalar with no setter (Into cannot write it).</summary>
    public double S { get; } = s;
}

/// <summary>A member holding doubles in a form ExprGrad does not differentiate.</summary>
public sealed class WithList
{
    /// <summary>A parameter.</summary>
    public double[] W = [1.0];

    /// <summary>Refused.</summary>
    public List<double> Extra = [];
}

/// <summary>A set containing itself.</summary>
public sealed class Chain
{
    /// <summary>A parameter.</summary>
    public double W;

    /// <summary>Makes the type cyclic.</summary>
    public Chain? Next;
}

/// <summary>A get-only scalar without a constructor taking it: no gradient instance can hold its gradient.</summary>
public sealed class NoWay
{
    /// <summary>A parameter.</summary>
    public double[] W = [1.0];

    /// <summary>Cannot be set.</summary>
    public double S { get; } = 3;
}
