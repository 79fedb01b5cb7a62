// Logistic regression by gradient descent: the loss is a quotation over the weights; the data are a
// script value read each time the gradient is called.
// Build first: dotnet build src/ExprGrad.FSharp/ExprGrad.FSharp.fsproj -c Release
// Run:         dotnet fsi examples/fsharp/training.fsx
#r "../../src/ExprGrad.FSharp/bin/Release/net10.0/ExprGrad.dll"
#r "../../src/ExprGrad.FSharp/bin/Release/net10.0/ExprGrad.FSharp.dll"

open ExprGrad
open ExprGrad.FSharp

// Points of two classes split by the line x0 + x1 = 1 (deterministic, no random source).
let xs = Array2D.init 40 2 (fun i j -> float ((i * 7 + j * 13) % 20) / 10.0)
let ys = Array.init 40 (fun i -> if xs[i, 0] + xs[i, 1] > 1.0 then 1.0 else 0.0)

/// Mean cross-entropy of σ(w0 x0 + w1 x1 + b); Ops.Sum differentiates the sum over the rows.
let loss =
    valueAndGrad <@ fun (w: float[], b: float) ->
        Ops.Sum(40, fun i ->
            let p = Ops.Sigmoid(w[0] * xs[i, 0] + w[1] * xs[i, 1] + b)
            -(ys[i] * log (p + 1e-12) + (1.0 - ys[i]) * log (1.0 - p + 1e-12))) / 40.0 @>

let mutable w, b = [| 0.0; 0.0 |], 0.0
let first, _ = loss (w, b)
for step in 1 .. 2000 do
    let l, (dw, db) = loss (w, b)
    w <- Array.map2 (fun wi gi -> wi - 2.0 * gi) w dw
    b <- b - 2.0 * db
    if step % 500 = 0 then printfn "step %4d  loss %.4f  w = [%.2f, %.2f]  b = %.2f" step l w[0] w[1] b
let last, _ = loss (w, b)
let accuracy = Seq.averageBy (fun i -> if (Ops.Sigmoid(w[0] * xs[i, 0] + w[1] * xs[i, 1] + b) > 0.5) = (ys[i] = 1.0) then 1.0 else 0.0) (seq { 0 .. 39 })
printfn "loss %.4f -> %.4f, accuracy %.0f%%" first last (100.0 * accuracy)
if not (last < first / 4.0 && accuracy >= 0.95) then exit 1
