// The seed circuits of SEEDS.md §1 that need no matrices, as F# quotations.
// Build first: dotnet build src/ExprGrad.FSharp/ExprGrad.FSharp.fsproj -c Release
// Run:         dotnet fsi examples/fsharp/circuits.fsx
#r "../../src/ExprGrad.FSharp/bin/Release/net10.0/ExprGrad.dll"
#r "../../src/ExprGrad.FSharp/bin/Release/net10.0/ExprGrad.FSharp.dll"

open ExprGrad.FSharp

/// Checked against values derived by hand, so the script fails loudly if it ever rots.
let expect name (expected: float list) (actual: float list) =
    let ok = List.forall2 (fun e a -> abs (e - a) < 1e-2) expected actual
    printfn "%-28s %A %s" name actual (if ok then "" else $"<- expected {expected}")
    if not ok then exit 1

[<ReflectedDefinition>]
let sigma x = 1.0 / (1.0 + exp (-x))

// f(x, y, z) = (x + y)·z at (-2, 5, -4): the add gate hands z to both inputs, the multiply gate swaps.
let value, (dx, dy, dz) = valueAndGrad <@ fun (x, y, z) -> (x + y) * z @> (-2.0, 5.0, -4.0)
expect "(x + y) z" [ -12.0; -4.0; -4.0; 3.0 ] [ value; dx; dy; dz ]

// Sigmoid neuron 1 / (1 + exp(-(w0 x0 + w1 x1 + w2))) at w = (2, -3, -3), x = (-1, -2).
let neuron = grad <@ fun (w: float[], x: float[]) -> 1.0 / (1.0 + exp (-(w[0] * x[0] + w[1] * x[1] + w[2]))) @>
let dw, dxs = neuron ([| 2.0; -3.0; -3.0 |], [| -1.0; -2.0 |])
expect "neuron dw" [ -0.20; -0.39; 0.20 ] (List.ofArray dw)
expect "neuron dx" [ 0.39; -0.59 ] (List.ofArray dxs)

// f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²) at (3, -4), staged with lets as in the notes.
let staged =
    grad <@ fun (x, y) ->
        let sigy = sigma y
        let num = x + sigy
        let sigx = sigma x
        let xpy = x + y
        let xpysqr = xpy * xpy
        let den = sigx + xpysqr
        num / den @>
let sx, sy = staged (3.0, -4.0)
// Reference: central differences of the same formula, independent of ExprGrad.
let f (x, y) = (x + sigma y) / (sigma x + (x + y) ** 2.0)
let h = 1e-6
expect "(x + σ(y)) / (σ(x) + (x+y)²)"
    [ (f (3.0 + h, -4.0) - f (3.0 - h, -4.0)) / (2.0 * h); (f (3.0, -4.0 + h) - f (3.0, -4.0 - h)) / (2.0 * h) ] [ sx; sy ]

// 2·(x y + max(z, w)) at (3, -4, 2, -1): max routes to z, w gets 0; multiply swaps.
let gx, gy, gz, gw = grad <@ fun (x, y, z, w) -> 2.0 * (x * y + max z w) @> (3.0, -4.0, 2.0, -1.0)
expect "2 (x y + max(z, w))" [ -8.0; 6.0; 2.0; 0.0 ] [ gx; gy; gz; gw ]
