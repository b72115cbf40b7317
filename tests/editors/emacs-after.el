;;; What tests/lsp_emacs.rs does after the documented configuration has
;;; loaded: open a report, wait for eglot's findings, write them as JSON.
(require 'json)
(let* ((file (getenv "XXGK_REPORT"))
       (out (getenv "XXGK_OUT"))
       (buffer (find-file-noselect file))
       (deadline (+ (float-time) 60))
       (mode nil)
       (managed nil)
       (diagnostics nil))
  (with-current-buffer buffer
    (setq mode major-mode)
    ;; eglot-ensure starts the server after the next command; in batch
    ;; there is none, so run what a command would.
    (run-hooks 'post-command-hook)
    (while (and (null diagnostics) (< (float-time) deadline))
      (accept-process-output nil 0.1)
      ;; Flymake asks its backends on idle timers, which batch Emacs
      ;; does not run: ask now.
      (when (bound-and-true-p flymake-mode)
        (flymake-start)
        (setq diagnostics (flymake-diagnostics))))
    (setq managed (bound-and-true-p eglot--managed-mode))
    (setq diagnostics
          (mapcar (lambda (d)
                    (list (cons "line" (line-number-at-pos (flymake-diagnostic-beg d)))
                          (cons "text" (flymake-diagnostic-text d))))
                  diagnostics)))
  (with-temp-file out
    (insert (json-encode
             (list (cons "mode" (symbol-name mode))
                   (cons "managed" (if managed t :json-false))
                   (cons "diagnostics" (vconcat diagnostics)))))))
(kill-emacs 0)
